import { Router } from 'express';
import { sendJson } from '../../http/collections.js';
import { parseInput, requireJsonBody } from '../../http/validate.js';
import type { GatewayServices } from '../../services.js';
import { CreateTokenBody, TokenIdParams } from './schemas.js';
import { createPersonalToken, listPersonalTokens, revokePersonalToken } from './service.js';

/**
 * Personal API tokens (Scalingo's `/v1/tokens`): list, create (the value shown once) and revoke
 * the signed-in user's tokens of the current workspace. A token is then sent as
 * `Authorization: Bearer sggpt_…` wherever a user session is taken (auth/personal-tokens.ts).
 */
export function personalTokensRouter(services: GatewayServices): Router {
  const router = Router();
  const { sessions } = services;

  router.get('/v1/tokens', async (req, res) => {
    const session = await sessions.require(req);
    sendJson(res, 200, { tokens: await listPersonalTokens(services, session) });
  });

  router.post('/v1/tokens', async (req, res) => {
    const session = await sessions.require(req);
    requireJsonBody(req);
    const body = parseInput(CreateTokenBody, req.body, 'body');
    sendJson(res, 201, { token: await createPersonalToken(services, session, body) });
  });

  router.delete('/v1/tokens/:id', async (req, res) => {
    const session = await sessions.require(req);
    await revokePersonalToken(
      services,
      session,
      parseInput(TokenIdParams, req.params, 'params').id,
    );
    res.status(204).end();
  });

  return router;
}
