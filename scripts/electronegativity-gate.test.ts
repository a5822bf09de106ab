import { describe, expect, it } from 'vitest';
import { blocking, parseFindings } from './electronegativity-gate';

const csv = `issue, severity, confidence, filename, location, sample, description, url
CSP_GLOBAL_CHECK,"LOW","TENTATIVE","main/main.ts","90:15",N/A,"Failed to parse CSP, it may not be valid.",https://x
NODE_INTEGRATION_JS_CHECK,"HIGH","FIRM","main/main.ts","50:14","const win = new BrowserWindow({a, b});","Disable nodeIntegration",https://y
`;

describe('electronegativity gate', () => {
  it('parses quoted CSV rows and blocks on HIGH', () => {
    const findings = parseFindings(csv);
    expect(findings).toHaveLength(2);
    expect(findings[1]).toEqual({
      check: 'NODE_INTEGRATION_JS_CHECK',
      severity: 'HIGH',
      file: 'main/main.ts',
      location: '50:14',
    });
    expect(blocking(findings).map((f) => f.check)).toEqual(['NODE_INTEGRATION_JS_CHECK']);
  });
});
