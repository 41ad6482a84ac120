// Request bodies as the fake Discord records them: JSON, or multipart with `payload_json` plus file parts.

export interface ParsedBody {
  /** The JSON body, or for multipart the parsed `payload_json`. */
  readonly body: unknown;
  /** Multipart parts other than payload_json: field name, filename, size in bytes. */
  readonly files: readonly { field: string; filename: string; bytes: number }[];
}

export function parseBody(contentType: string, raw: Buffer): ParsedBody {
  if (raw.length === 0) return { body: null, files: [] };
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!contentType.startsWith('multipart/form-data') || boundary === null) {
    return { body: contentType.includes('json') ? JSON.parse(raw.toString('utf8')) : raw.toString('utf8'), files: [] };
  }
  // Multipart: split on the boundary; each part is headers, a blank line, then its bytes.
  const marker = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let body: unknown = null;
  const files: { field: string; filename: string; bytes: number }[] = [];
  let start = raw.indexOf(marker);
  while (start !== -1) {
    const next = raw.indexOf(marker, start + marker.length);
    if (next === -1) break;
    const part = raw.subarray(start + marker.length + 2, next - 2); // skip CRLF after the marker and before the next
    const split = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, split).toString('utf8');
    const content = part.subarray(split + 4);
    const field = /name="([^"]*)"/.exec(headers)?.[1] ?? '';
    const filename = /filename="([^"]*)"/.exec(headers)?.[1];
    if (field === 'payload_json') body = JSON.parse(content.toString('utf8'));
    else files.push({ field, filename: filename ?? '', bytes: content.length });
    start = next;
  }
  return { body, files };
}
