import type { HostServiceDeps } from './host-handlers';
import { openDiagnosticsPort } from './diagnostics-port';
import { rawListenDecoders, unavailableSzy206 } from './diagnostics-protocols';

/** What both shells pass to the diagnostics service: the real serial port and the protocol codecs. */
export function diagnosticsShellDeps(): HostServiceDeps['diagnostics'] {
  return { openLink: openDiagnosticsPort, szy206: unavailableSzy206, listen: rawListenDecoders };
}
