import QRCode from 'qrcode';
import { siteLabelText, type LabelSheet } from '#shared/labels/site-label';
import { escapeHtml } from '#shared/reports/monthly-html';

/**
 * A sheet of site QR labels as self-contained HTML for the PDF printer: A4 portrait, three labels a
 * row, each with the site's code, its name and a QR code (SVG, error correction M) holding the
 * label's text; the sheet's title and the page number are printed in the page's top margin.
 */
export async function siteLabelsHtml(sheet: LabelSheet): Promise<string> {
  const labels = await Promise.all(
    sheet.sites.map(async (site) => {
      const svg = await QRCode.toString(siteLabelText(site), {
        type: 'svg',
        errorCorrectionLevel: 'M',
        margin: 2,
      });
      return `<div class="label"><div class="qr">${svg}</div><div class="text"><div class="code">${escapeHtml(site.code)}</div><div class="name">${escapeHtml(site.name)}</div></div></div>`;
    }),
  );
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(sheet.title)}</title><style>
@page { size: A4 portrait; margin: 12mm 8mm; }
body { margin: 0; font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", sans-serif; }
h1 { font-size: 11pt; margin: 0 0 3mm; }
.sheet { display: grid; grid-template-columns: repeat(3, 1fr); gap: 3mm; }
.label { border: 0.3mm dashed #888; padding: 2mm; display: flex; align-items: center; gap: 2mm; break-inside: avoid; height: 34mm; box-sizing: border-box; }
.qr { width: 30mm; height: 30mm; flex: none; }
.qr svg { width: 100%; height: 100%; }
.code { font-family: "DejaVu Sans Mono", monospace; font-size: 10pt; font-weight: bold; }
.name { font-size: 9pt; margin-top: 1mm; word-break: break-all; }
</style></head><body><h1>${escapeHtml(sheet.title)}</h1><div class="sheet">${labels.join('')}</div></body></html>`;
}
