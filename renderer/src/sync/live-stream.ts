import { streamEventSchema, syncPaths, type StreamEvent } from '#shared/sync/index';

export type StreamFetch = (
  url: string,
  init: { headers: Record<string, string>; signal: AbortSignal },
) => Promise<Response>;

/**
 * The service's live stream (server-sent events, read through fetch so the device token travels in
 * the Authorization header). Reconnects with a growing delay until stopped.
 */
export function openLiveStream(options: {
  readonly baseUrl: string;
  readonly token: string;
  readonly fetch: StreamFetch;
  readonly onEvent: (event: StreamEvent) => void;
  readonly onDown: (message: string) => void;
}): { stop(): void } {
  let stopped = false;
  let controller: AbortController | null = null;
  let failures = 0;

  async function connectOnce(): Promise<void> {
    controller = new AbortController();
    const response = await options.fetch(`${options.baseUrl.replace(/\/+$/, '')}${syncPaths.stream}`, {
      headers: { authorization: `Bearer ${options.token}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    if (!response.ok || response.body === null) {
      throw new Error(`the live stream answered HTTP ${response.status}`);
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        throw new Error('the live stream closed');
      }
      failures = 0;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block
          .split('\n')
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trim())
          .join('\n');
        if (data.length > 0) {
          const parsed = streamEventSchema.safeParse(JSON.parse(data));
          if (parsed.success) {
            options.onEvent(parsed.data);
          }
        }
        end = buffer.indexOf('\n\n');
      }
    }
  }

  async function run(): Promise<void> {
    while (!stopped) {
      try {
        await connectOnce();
      } catch (error) {
        if (stopped) {
          return;
        }
        failures += 1;
        options.onDown(error instanceof Error ? error.message : String(error));
        await new Promise((r) => setTimeout(r, Math.min(30_000, 1000 * 2 ** Math.min(failures, 5))));
      }
    }
  }
  void run();
  return {
    stop() {
      stopped = true;
      controller?.abort();
    },
  };
}
