import { ScmError } from '@scm/core';
import type { Request, Response } from 'express';
import { sendError } from './errors.js';

type Handler = (req: Request, res: Response) => Promise<void>;

/**
 * For documents that answer an invalid request with 422 Unprocessable Entity (Scalingo's seed, the
 * workspace's connect): the canonical body (INVALID_REQUEST, naming the field), with that status.
 * Every other error goes on to the error handler as everywhere.
 */
export const invalidAs422 =
  (handler: Handler): Handler =>
  async (req, res) => {
    try {
      await handler(req, res);
    } catch (error) {
      if (ScmError.isInstance(error) && error.code === 'INVALID_REQUEST') {
        sendError(res, error, 422);
        return;
      }
      throw error;
    }
  };
