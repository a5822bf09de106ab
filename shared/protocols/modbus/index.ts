// Modbus RTU codec: framing (rtu-frame), commands (requests, responses), values (register-values).
export * from './function-codes';
export * from './rtu-frame';
export * from './requests';
export * from './responses';
export * from './register-values';
export * from './master';
export * from './describe';
