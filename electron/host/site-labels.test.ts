import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { readSiteLabel, sitesOfLabel, type LabelSheet } from '#shared/labels/site-label';
import { chromiumPathFromEnv, createChromiumPdfRenderer } from './chromium-pdf';
import { createReportsHandlers } from './reports-service';

const pdf = createChromiumPdfRenderer(chromiumPathFromEnv(process.env));
afterAll(() => pdf.close());
const dir = mkdtempSync(join(tmpdir(), 'wrm-labels-'));
const handlers = createReportsHandlers({ renderPdf: (html) => pdf.render(html), reportsDir: dir });
const ctx = { transport: 'websocket' as const };

// A county's sites, more than one page of labels (24 a page), one of them with a name to escape.
const sheet: LabelSheet = {
  title: '五华区 530102 站点标签',
  sites: Array.from({ length: 26 }, (_, i) => ({
    id: `019b2c4e-0000-7000-8000-${String(i).padStart(12, '0')}`,
    code: `5301020000${String(i + 1).padStart(2, '0')}`,
    name: i === 3 ? '昆明<自来水>一厂取水口' : `五华区第${i + 1}号取水口`,
  })),
};

describe('site QR label sheet', () => {
  it('prints one label per site with its code and name, on as many A4 pages as it takes', async () => {
    const out = await handlers['reports.exportSiteLabels']({ sheet }, ctx);
    expect(out.fileName).toBe('站点标签-五华区530102站点标签.pdf');
    expect(out.mime).toBe('application/pdf');
    const bytes = Buffer.from(out.dataBase64, 'base64');
    expect(readFileSync(join(dir, out.fileName)).equals(bytes)).toBe(true);
    const file = join(dir, 'labels.pdf');
    writeFileSync(file, bytes);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    for (const site of sheet.sites) {
      expect(text).toContain(site.code);
    }
    // A long name wraps inside its label.
    const joined = text.replace(/\s+/g, '');
    expect(joined).toContain('五华区第26号取水口');
    expect(joined).toContain('昆明<自来水>一厂取水口');
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBe(2);
    // A4 portrait (595 × 842 points).
    expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
  });

  it('each printed QR code decodes to its site’s label, which finds that site again', async () => {
    const out = await handlers['reports.exportSiteLabels'](
      { sheet: { ...sheet, sites: sheet.sites.slice(0, 3) } },
      ctx,
    );
    const file = join(dir, 'three.pdf');
    writeFileSync(file, Buffer.from(out.dataBase64, 'base64'));
    execFileSync('pdftoppm', ['-r', '200', '-png', '-f', '1', '-l', '1', file, join(dir, 'page')]);
    const page = sharp(join(dir, 'page-1.png'));
    const meta = await page.metadata();
    const width = meta.width;
    // The labels sit side by side on the first row: decode each third of the row on its own.
    const found: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const left = Math.floor((width / 3) * i);
      const { data, info } = await sharp(join(dir, 'page-1.png'))
        .extract({ left, top: 0, width: Math.floor(width / 3), height: Math.floor(meta.height / 4) })
        .ensureAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      const code = jsQR(
        new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength),
        info.width,
        info.height,
      );
      expect(code, `label ${i + 1}`).not.toBeNull();
      found.push(code!.data);
    }
    expect(found).toEqual(sheet.sites.slice(0, 3).map((s) => `WRM-SITE:${s.code}:${s.id}`));
    const read = readSiteLabel(found[1]!);
    expect(sitesOfLabel(read!, sheet.sites).map((s) => s.name)).toEqual(['五华区第2号取水口']);
  });
});
