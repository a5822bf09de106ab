import type { HostClient, PreloadHostApi } from '#shared/host/client';

declare global {
  interface Window {
    /** Present only in the Electron shell, exposed by the preload through contextBridge. */
    readonly wrmHost?: PreloadHostApi;
  }
}

export function createElectronHostClient(api: PreloadHostApi): HostClient {
  return {
    call: (method, args) => api.methods[method](args),
    subscribe: (event, listener) => api.events[event](listener),
  };
}
