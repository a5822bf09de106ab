import type { z } from 'zod';
import { appEvents, appMethods } from './app';
import { checklistsEvents, checklistsMethods } from './checklists';
import type { EventSpec, MethodSpec } from './define';
import { photosEvents, photosMethods } from './photos';
import { reportsEvents, reportsMethods } from './reports';
import { secretsEvents, secretsMethods } from './secrets';
import { serialEvents, serialMethods } from './serial';
import { uploadsEvents, uploadsMethods } from './uploads';
import { gnssEvents, gnssMethods } from './gnss';
import { tilesEvents, tilesMethods } from './tiles';
import { diagnosticsEvents, diagnosticsMethods } from './diagnostics';

/**
 * The host contract: every call the renderer makes to the machine and every event the host pushes.
 * Each domain owns one file beside this one; both transports (Electron IPC and the web host's
 * WebSocket) are generated from this map and nothing else speaks to the host.
 */
export const hostContract = {
  ...appMethods,
  ...serialMethods,
  ...tilesMethods,
  ...gnssMethods,
  ...secretsMethods,
  ...uploadsMethods,
  ...photosMethods,
  ...reportsMethods,
  ...checklistsMethods,
  ...diagnosticsMethods,
} as const;

export const hostEvents = {
  ...appEvents,
  ...serialEvents,
  ...tilesEvents,
  ...gnssEvents,
  ...secretsEvents,
  ...uploadsEvents,
  ...photosEvents,
  ...reportsEvents,
  ...checklistsEvents,
  ...diagnosticsEvents,
} as const;

export type HostContract = typeof hostContract;
export type HostMethod = keyof HostContract;
export type HostEvents = typeof hostEvents;
export type HostEvent = keyof HostEvents;

/** What the renderer passes (schema input: defaults may be omitted). */
export type HostArgs<M extends HostMethod> = z.input<HostContract[M]['args']>;
/** What a handler receives (after validation and defaults). */
export type HostParsedArgs<M extends HostMethod> = z.output<HostContract[M]['args']>;
export type HostValue<M extends HostMethod> =
  HostContract[M] extends MethodSpec<z.ZodType, infer R> ? R : never;
export type HostEventPayload<E extends HostEvent> = HostEvents[E] extends EventSpec<infer P> ? P : never;

export const hostMethodNames = Object.keys(hostContract) as HostMethod[];
export const hostEventNames = Object.keys(hostEvents) as HostEvent[];

export function isHostMethod(name: unknown): name is HostMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(hostContract, name);
}

export type { AppInfo, ShellKind } from './app';
export type { SerialConnection, SerialPortInfo } from './serial';
export type {
  AreaState,
  PlainBounds,
  ServedTile,
  TileArea,
  TileDownloadProgress,
  TileEstimate,
  TileSourceInfo,
  TilesSettings,
} from './tiles';
export type { SecretName } from './secrets';
export type { UploadItem, UploadStatus } from './uploads';
export type { GnssFixPayload, GnssStatus } from './gnss';
export type {
  DetectProgress,
  DiagnosticsLineState,
  ListenedFrame,
  ProfileReading,
  ProfileValue,
  Szy206Answer,
  Szy206Query,
} from './diagnostics';
