// A minimal WebSocket server side (RFC 6455) over node:http 'upgrade', enough for discord.js's gateway client:
// text frames both ways, close, no extensions. Written here to avoid a dependency (the `ws` package has no types
// installed); the client offers permessage-deflate, and by not answering the offer the server declines it.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export interface MiniSocket {
  sendText(text: string): void;
  close(code?: number): void;
  onText(listener: (text: string) => void): void;
  readonly closed: boolean;
}

export function acceptWebSocket(req: IncomingMessage, socket: Duplex): MiniSocket {
  const key = req.headers['sec-websocket-key'];
  const accept = createHash('sha1').update(`${String(key)}${GUID}`).digest('base64');
  socket.write(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${accept}`, '', ''].join('\r\n'));
  const listeners: ((text: string) => void)[] = [];
  let buffer = Buffer.alloc(0);
  let closed = false;
  const frame = (opcode: number, payload: Buffer): Buffer => {
    const len = payload.length;
    const head = len < 126 ? Buffer.from([0x80 | opcode, len])
      : len < 65536 ? Buffer.from([0x80 | opcode, 126, len >> 8, len & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigLength(len)]);
    return Buffer.concat([head, payload]);
  };
  const close = (code = 1000): void => {
    if (closed) return;
    closed = true;
    const body = Buffer.alloc(2);
    body.writeUInt16BE(code);
    socket.end(frame(0x8, body));
  };
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const parsed = readFrame(buffer);
      if (parsed === null) return;
      buffer = buffer.subarray(parsed.size);
      if (parsed.opcode === 0x1) for (const l of listeners) l(parsed.payload.toString('utf8'));
      else if (parsed.opcode === 0x8) close(1000);
      else if (parsed.opcode === 0x9 && !closed) socket.write(frame(0xa, parsed.payload));
    }
  });
  socket.on('error', () => undefined);
  socket.on('close', () => {
    closed = true;
  });
  return {
    sendText: (text) => {
      if (!closed) socket.write(frame(0x1, Buffer.from(text, 'utf8')));
    },
    close,
    onText: (l) => listeners.push(l),
    get closed() {
      return closed;
    },
  };
}

function bigLength(len: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(len));
  return b;
}

/** One client frame (clients always mask), or null until the buffer holds a whole one. Fragments are not needed. */
function readFrame(buf: Buffer): { opcode: number; payload: Buffer; size: number } | null {
  if (buf.length < 2) return null;
  const opcode = buf[0]! & 0x0f;
  const masked = (buf[1]! & 0x80) !== 0;
  let len = buf[1]! & 0x7f;
  let offset = 2;
  if (len === 126) {
    if (buf.length < 4) return null;
    len = buf.readUInt16BE(2);
    offset = 4;
  } else if (len === 127) {
    if (buf.length < 10) return null;
    len = Number(buf.readBigUInt64BE(2));
    offset = 10;
  }
  const maskOffset = offset;
  if (masked) offset += 4;
  if (buf.length < offset + len) return null;
  const payload = Buffer.from(buf.subarray(offset, offset + len));
  if (masked) for (let i = 0; i < payload.length; i += 1) payload[i] = payload[i]! ^ buf[maskOffset + (i % 4)]!;
  return { opcode, payload, size: offset + len };
}
