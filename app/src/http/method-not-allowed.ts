import type { NextFunction, Request, Response } from 'express';
import { HttpError } from './errors';

/** Last handler of a route: OPTIONS lists the methods, anything else is 405 with an Allow header. */
export function methodNotAllowed(allowed: readonly string[]) {
  const allow = [...allowed, 'OPTIONS'].join(', ');
  return (req: Request, res: Response, next: NextFunction): void => {
    res.setHeader('Allow', allow);
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next(new HttpError(405, 'method_not_allowed', `${req.method} is not allowed here; allowed: ${allow}`));
  };
}
