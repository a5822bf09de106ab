import type { HostClient } from '#shared/host/client';
import { photoChunkBytes, type ProcessedPhoto } from '#shared/host/contract/photos';
import type { HostResult } from '#shared/host/dispatch';
import { newId } from '#shared/domain/index';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) {
    binary += String.fromCharCode(...bytes.subarray(i, i + step));
  }
  return btoa(binary);
}

export type PhotoOptions = {
  readonly source: 'import' | 'capture';
  readonly siteCode: string;
  readonly operatorId: string;
  readonly devicePosition: { readonly lat: number; readonly lng: number } | null;
  readonly watermark: boolean;
};

/** Sends a picked file or a webcam frame to the host in chunks; returns the upload id with the result. */
export async function sendPhoto(
  host: HostClient,
  blob: Blob,
  options: PhotoOptions,
  onProgress: (progress: PhotoProgress) => void = () => undefined,
): Promise<{ readonly uploadId: string; readonly result: HostResult<ProcessedPhoto> }> {
  const uploadId = newId();
  // Chunk by chunk from the file: a large file is never held whole in the renderer.
  for (let offset = 0; offset < blob.size || offset === 0; offset += photoChunkBytes) {
    onProgress({ phase: 'sending', sent: offset, total: blob.size });
    const chunk = new Uint8Array(await blob.slice(offset, offset + photoChunkBytes).arrayBuffer());
    const put = await host.call('photos.putChunk', { uploadId, offset, dataBase64: toBase64(chunk) });
    if (!put.ok) {
      return { uploadId, result: put };
    }
    if (blob.size === 0) {
      break;
    }
  }
  onProgress({ phase: 'processing', sent: blob.size, total: blob.size });
  return { uploadId, result: await processUpload(host, uploadId, options, false) };
}

export type PhotoProgress = {
  readonly phase: 'checking' | 'sending' | 'processing';
  readonly sent: number;
  readonly total: number;
};

/** The first bytes of a file (for its signature), without reading the rest. */
export async function fileHead(blob: Blob, bytes: number): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(0, bytes).arrayBuffer());
}

export function processUpload(
  host: HostClient,
  uploadId: string,
  options: PhotoOptions,
  allowMissingExif: boolean,
): Promise<HostResult<ProcessedPhoto>> {
  return host.call('photos.process', { uploadId, ...options, allowMissingExif });
}

export function downloadBase64(fileName: string, mime: string, dataBase64: string): void {
  const binary = atob(dataBase64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) {
    bytes[i] = binary.charCodeAt(i);
  }
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
