import { createHmac, timingSafeEqual } from 'node:crypto';
import { createCursorCodec, type CursorScope } from '@scm/cursor';
import { runComparison } from '../harness.js';
import type { BenchCase } from './case.js';

const SECRET = 'bench-secret-0123456789abcdef-0123456789';
const SCOPE: CursorScope = {
  endpoint: 'repos.pulls.list',
  provider: 'github',
  repo: 'octo/hello-world',
  filters: { state: 'open', branch: 'main', sort: 'updated' },
  limit: 30,
  principal: 'auth_8f2c1d',
};
// A realistic continuation token: GitHub's next-page URL.
const TOKEN =
  'https://api.github.com/repositories/1296269/pulls?state=open&base=main&per_page=30&page=7';

export const cursorCase: BenchCase = {
  name: 'cursor',
  async run() {
    const codec = createCursorCodec({ keys: { current: { id: 'k1', secret: SECRET } } });
    const cursor = codec.encode(TOKEN, SCOPE);
    const [payloadPart = '', signaturePart = ''] = cursor.split('.');
    const expected = Buffer.from(signaturePart, 'base64url');
    const secret = Buffer.from(SECRET, 'utf8');

    // The floor: the HMACs any signed cursor needs over the same payload bytes, nothing else.
    const bareVerify = (): boolean => {
      const mac = createHmac('sha256', secret).update(payloadPart).digest();
      return mac.length === expected.length && timingSafeEqual(mac, expected);
    };
    const bareSignAndVerify = (): boolean => {
      createHmac('sha256', secret).update(payloadPart).digest('base64url');
      return bareVerify();
    };

    const roundTrip = await runComparison({
      name: 'cursor encode+decode vs bare HMAC sign+verify',
      baseline: { name: 'bare HMAC-SHA256 ×2', fn: bareSignAndVerify },
      candidate: {
        name: '@scm/cursor encode+decode',
        fn: () => codec.decode(codec.encode(TOKEN, SCOPE), SCOPE),
      },
      iterations: 5000,
      rounds: 10,
    });
    const decodeOnly = await runComparison({
      name: 'cursor decode vs bare HMAC verify',
      baseline: { name: 'bare HMAC-SHA256 + compare', fn: bareVerify },
      candidate: { name: '@scm/cursor decode', fn: () => codec.decode(cursor, SCOPE) },
      iterations: 5000,
      rounds: 10,
    });
    return [roundTrip, decodeOnly];
  },
};
