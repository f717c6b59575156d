/**
 * RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines. Returns each record
 * with the line it started on, so errors point at the line a person sees in an editor.
 */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let sawAny = false;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"') {
        if (body[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === "\n") line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === "") {
      quoted = true;
      sawAny = true;
    } else if (c === ",") {
      fields.push(field);
      field = "";
      sawAny = true;
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && body[i + 1] === "\n") i++;
      if (sawAny || field !== "") records.push({ line: recordLine, fields: [...fields, field] });
      fields = [];
      field = "";
      sawAny = false;
      line++;
      recordLine = line;
    } else {
      field += c;
      sawAny = true;
    }
  }
  if (quoted) throw new Error(`Unterminated quoted field starting on line ${recordLine}`);
  if (sawAny || field !== "") records.push({ line: recordLine, fields: [...fields, field] });
  return records;
}
