import { CLUSTER_SLOTS } from './slotSet';

/**
 * A key's hash slot as Redis Cluster computes it (keyHashSlot): CRC16 (XMODEM: polynomial 0x1021,
 * initial value 0) of the key, or of its hash tag (what lies between the first `{` and the next `}`,
 * when that is not empty), modulo 16384.
 */
const TABLE = new Uint16Array(256);
for (let i = 0; i < 256; i++) {
  let crc = i << 8;
  for (let b = 0; b < 8; b++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  TABLE[i] = crc;
}

/** CRC16 of the UTF-8 bytes of `s` from `start` to `end`. */
export function crc16(s: string, start = 0, end = s.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return crc16Bytes(Buffer.from(s.slice(start, end), 'utf8'));
    crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ c) & 0xff];
  }
  return crc;
}

function crc16Bytes(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ byte) & 0xff];
  return crc;
}

export function keyHashSlot(key: string): number {
  const open = key.indexOf('{');
  if (open >= 0) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) return crc16(key, open + 1, close) % CLUSTER_SLOTS;
  }
  return crc16(key) % CLUSTER_SLOTS;
}
