// Site health (design §5): counting reports into slots, per-site and per-area metrics against the
// trial operation's targets. Pure; thresholds come from a HealthConfig.
export * from './area';
export * from './config';
export * from './counting';
export * from './days';
export * from './metrics';
