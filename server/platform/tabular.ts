import ExcelJS from 'exceljs';

/** Rows of a CSV text (RFC 4180: quotes, doubled quotes, CRLF or LF), BOM removed. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const input = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < input.length; i += 1) {
    const c = input[i];
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"' && field.length === 0) {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') {
        i += 1;
      }
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field.length > 0 || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  // Trailing blank lines only; blank lines inside keep their place so row numbers stay true.
  while (rows.length > 0 && rows[rows.length - 1]!.every((cell) => cell.trim().length === 0)) {
    rows.pop();
  }
  return rows;
}

/** Rows of the first worksheet of an XLSX file, every cell as text. */
export async function parseXlsx(bytes: Uint8Array): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) {
    return [];
  }
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const values: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c += 1) {
      values.push(cellText(row.getCell(c).value));
    }
    rows[row.number - 1] = values;
  });
  return Array.from(rows, (r) => r ?? []);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (value instanceof Date) {
    return value.toISOString().slice(0, 10);
  }
  if (typeof value === 'object') {
    if ('text' in value && typeof value.text === 'string') {
      return value.text;
    }
    if ('result' in value) {
      return cellText(value.result);
    }
    if ('richText' in value) {
      return value.richText.map((r) => r.text).join('');
    }
    return '';
  }
  return String(value);
}

/** Reads `rows` (header first) into records keyed by the columns' keys; headers may be zh or en. */
export function readTable(
  rows: readonly string[][],
  columns: readonly { key: string; headers: readonly string[] }[],
): { records: { row: number; values: Record<string, string> }[]; missing: string[] } {
  const header = (rows[0] ?? []).map((h) => h.trim());
  const index = new Map<string, number>();
  const missing: string[] = [];
  for (const column of columns) {
    const at = header.findIndex((h) => column.headers.includes(h) || h === column.key);
    if (at >= 0) {
      index.set(column.key, at);
    } else {
      missing.push(column.headers[0] ?? column.key);
    }
  }
  const records: { row: number; values: Record<string, string> }[] = [];
  rows.slice(1).forEach((cells, i) => {
    if (cells.every((cell) => cell.trim().length === 0)) {
      return;
    }
    const values: Record<string, string> = {};
    for (const [key, at] of index) {
      values[key] = (cells[at] ?? '').trim();
    }
    // Row numbers as the user sees them in the file: the header is row 1.
    records.push({ row: i + 2, values });
  });
  return { records, missing };
}
