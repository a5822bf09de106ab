import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { siteLabelText } from '#shared/labels/site-label';
import { decodeFrame, frameReader, type Frame } from './scan-frame';

/** A camera frame showing a QR code: dark modules on white, `scale` pixels each, a quiet zone around. */
function frameOf(text: string, scale = 6, quiet = 4): Frame {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const width = (n + quiet * 2) * scale;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  for (let y = 0; y < width; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const mx = Math.floor(x / scale) - quiet;
      const my = Math.floor(y / scale) - quiet;
      if (mx >= 0 && my >= 0 && mx < n && my < n && qr.modules.get(my, mx) === 1) {
        data.fill(0, (y * width + x) * 4, (y * width + x) * 4 + 3);
      }
    }
  }
  return { data, width, height: width };
}

const label = siteLabelText({ id: '019b2c4e-0000-7000-8000-000000000007', code: '530102000007' });

describe('camera frames', () => {
  it('a frame showing a site label decodes to its text; a blank frame to nothing', () => {
    expect(decodeFrame(frameOf(label))).toBe(label);
    expect(
      decodeFrame({ data: new Uint8ClampedArray(64 * 64 * 4).fill(255), width: 64, height: 64 }),
    ).toBeNull();
  });

  it('uses the browser’s BarcodeDetector where it reads QR codes, else jsQR on the pixels', async () => {
    class Detector {
      static getSupportedFormats = () => Promise.resolve(['qr_code', 'ean_13']);
      detect = () => Promise.resolve([{ rawValue: 'from-native' }]);
    }
    const native = await frameReader({ BarcodeDetector: Detector });
    expect(native.kind).toBe('native');
    expect(await native.read({} as CanvasImageSource, () => null)).toBe('from-native');

    class NoQr {
      static getSupportedFormats = () => Promise.resolve(['ean_13']);
    }
    for (const scope of [{}, { BarcodeDetector: NoQr }]) {
      const soft = await frameReader(scope);
      expect(soft.kind).toBe('jsqr');
      expect(await soft.read({} as CanvasImageSource, () => frameOf(label))).toBe(label);
      expect(await soft.read({} as CanvasImageSource, () => null)).toBeNull();
    }
  });
});
