// Sandboxed preload, bundled into one CommonJS file. It exposes the host contract as one function per
// method and one subscribe function per event — never ipcRenderer itself, never a generic send/on.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ipcEventChannel, ipcMethodChannel, type PreloadHostApi } from '#shared/host/client';
import { hostEventNames, hostMethodNames } from '#shared/host/contract/index';

const methods: Record<string, (args: unknown) => Promise<unknown>> = {};
for (const method of hostMethodNames) {
  const channel = ipcMethodChannel(method);
  methods[method] = (args: unknown) => ipcRenderer.invoke(channel, args);
}

const events: Record<string, (listener: (payload: unknown) => void) => () => void> = {};
for (const name of hostEventNames) {
  const channel = ipcEventChannel(name);
  events[name] = (listener) => {
    // The wrapper strips the IPC event so the page never sees the sender; it keeps its own reference
    // so the returned unsubscribe removes exactly what was added.
    const wrapper = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, wrapper);
    return () => {
      ipcRenderer.removeListener(channel, wrapper);
    };
  };
}

const api = Object.freeze({
  methods: Object.freeze(methods),
  events: Object.freeze(events),
}) as unknown as PreloadHostApi;

contextBridge.exposeInMainWorld('wrmHost', api);
