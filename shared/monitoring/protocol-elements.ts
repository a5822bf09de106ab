import type { ElementCode } from './values';

/**
 * Which stored element each protocol's value is, by the codec's own key: one map per protocol, for
 * the receiver and for anything else that files decoded values (a history download, a 补报).
 * Values of keys not listed (rain, voltage, air-quality factors …) are no monitored element.
 */

/** SZY206 / SL/T 427 value keys (`Szy206Value.key`). */
export const szy206Elements: Readonly<Record<string, ElementCode>> = {
  flow: 'flow',
  volume: 'volume',
  'water-level': 'level',
  velocity: 'velocity',
  'water-temperature': 'temperature',
  ph: 'ph',
  'dissolved-oxygen': 'do',
  turbidity: 'turbidity',
  'permanganate-index': 'codmn',
  cod: 'cod',
  'ammonia-nitrogen': 'nh3n',
  'total-phosphorus': 'tp',
  'total-nitrogen': 'tn',
  conductivity: 'conductivity',
};

/** SL651 element identifiers (`Sl651Element.code`). */
export const sl651Elements: Readonly<Record<string, ElementCode>> = {
  Q: 'flow',
  Z: 'level',
  VJ: 'velocity',
  C: 'temperature',
  pH: 'ph',
  DO: 'do',
  COND: 'conductivity',
  TURB: 'turbidity',
  CODMN: 'codmn',
  COD: 'cod',
  NH4N: 'nh3n',
  TP: 'tp',
  TN: 'tn',
};

/** HJ 212 factor codes. */
export const hj212Elements: Readonly<Record<string, ElementCode>> = {
  w01001: 'ph',
  w01009: 'do',
  w01010: 'temperature',
  w01014: 'conductivity',
  w01019: 'codmn',
  w21003: 'nh3n',
  w21011: 'tp',
  w21001: 'tn',
  w01018: 'cod',
  w01003: 'turbidity',
  w00000: 'flow',
};
