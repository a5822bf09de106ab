import { szy206DiagnosticsProtocol } from '#shared/protocols/szy206/index';
import type { HostServiceDeps } from './host-handlers';
import { createListenDecoders } from './diagnostics-listen';
import { openSerialLink } from './serial-link';

/** What both shells pass to the diagnostics service: the real serial port and the protocol codecs. */
export function diagnosticsShellDeps(): HostServiceDeps['diagnostics'] {
  return {
    openLink: (path, serial) => openSerialLink(path, serial),
    szy206: szy206DiagnosticsProtocol,
    listen: createListenDecoders(),
  };
}
