// SL651-2014 HEX/BCD codec: framing (frame), element table (elements), body meaning (message), builders (commands).
export * from './commands';
export * from './elements';
export * from './frame';
export * from './message';
