export {
  createCursorCodec,
  invalidCursorReason,
  decodeCursor,
  encodeCursor,
  CURSOR_VERSION,
  DEFAULT_CURSOR_TTL_SECONDS,
  MAX_CURSOR_LENGTH,
  MIN_SECRET_BYTES,
  type CursorCodec,
  type CursorCodecOptions,
  type CursorKey,
  type CursorKeyRing,
  type DecodeCursorOptions,
  type EncodeCursorOptions,
  type InvalidCursorReason,
} from './cursor-codec.js';
export { hashScope, type CursorScope, type ScopeValue } from './scope-hash.js';
