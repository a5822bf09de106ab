import jsQR from 'jsqr';

/** A camera frame's pixels (RGBA, as a canvas gives them). */
export type Frame = { readonly data: Uint8ClampedArray; readonly width: number; readonly height: number };

/** A reader of QR codes in camera frames: the browser's BarcodeDetector where it has one. */
export type FrameReader = (source: CanvasImageSource, frame: () => Frame | null) => Promise<string | null>;

type Detector = { detect(source: CanvasImageSource): Promise<{ rawValue: string }[]> };
type DetectorClass = {
  new (options: { formats: string[] }): Detector;
  getSupportedFormats?: () => Promise<string[]>;
};

/** The text of the first QR code in a frame's pixels (null: none seen). */
export function decodeFrame(frame: Frame): string | null {
  return jsQR(frame.data, frame.width, frame.height, { inversionAttempts: 'dontInvert' })?.data ?? null;
}

/**
 * The reader this browser offers: BarcodeDetector where it reads QR codes (Chromium on Windows,
 * macOS, ChromeOS, Android), else jsQR over the frame's pixels — so the laptop's camera scans a label
 * on every system. `kind` says which, for the screen.
 */
export async function frameReader(
  scope: { readonly BarcodeDetector?: unknown } = globalThis as never,
): Promise<{ kind: 'native' | 'jsqr'; read: FrameReader }> {
  const Native = scope.BarcodeDetector as DetectorClass | undefined;
  if (Native !== undefined) {
    try {
      const formats = (await Native.getSupportedFormats?.()) ?? ['qr_code'];
      if (formats.includes('qr_code')) {
        const detector = new Native({ formats: ['qr_code'] });
        return {
          kind: 'native',
          read: async (source) => (await detector.detect(source))[0]?.rawValue ?? null,
        };
      }
    } catch {
      // Fall through to jsQR.
    }
  }
  return {
    kind: 'jsqr',
    read: (_source, frame) => {
      const f = frame();
      return Promise.resolve(f === null ? null : decodeFrame(f));
    },
  };
}
