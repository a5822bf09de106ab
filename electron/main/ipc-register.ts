import type { HostCallContext, HostHandlers } from '#shared/host/dispatch';
import { dispatchHostCall } from '#shared/host/dispatch';
import { ipcMethodChannel } from '#shared/host/client';
import { hostMethodNames } from '#shared/host/contract/index';
import { fail, type Result } from '#shared/result';

/** The part of Electron's `IpcMainInvokeEvent` the guard reads. */
export type InvokeEventLike = { readonly senderFrame: { readonly url: string } | null | undefined };

/** The part of Electron's `ipcMain` the register uses — injected so this module runs under Node. */
export type IpcMainLike = {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
};

/**
 * Registers one IPC handler per contract method through a single guard: the sender frame must be a
 * page of ours, then the call goes through the shared dispatcher (argument validation included).
 * Returns a function that removes every handler it registered.
 */
export function registerHostIpc(
  ipcMain: IpcMainLike,
  handlers: HostHandlers,
  isTrustedSender: (url: string) => boolean,
  log: (message: string) => void,
): () => void {
  const context: HostCallContext = { transport: 'ipc' };
  const channels: string[] = [];
  for (const method of hostMethodNames) {
    const channel = ipcMethodChannel(method);
    ipcMain.handle(channel, async (event, ...args): Promise<Result<unknown>> => {
      const url = event.senderFrame?.url ?? '';
      if (!isTrustedSender(url)) {
        log(`IPC ${method} refused from untrusted frame: ${url || '(none)'}`);
        return fail('forbidden-sender', `${method}: caller is not a page of this app`);
      }
      if (args.length > 1) {
        return fail(
          'invalid-argument',
          `${method}: invalid argument — expected one argument object, got ${args.length}`,
        );
      }
      return dispatchHostCall(handlers, method, args[0], context);
    });
    channels.push(channel);
  }
  return () => {
    for (const channel of channels) {
      ipcMain.removeHandler(channel);
    }
  };
}
