import path from 'node:path';
import express, { type RequestHandler, Router } from 'express';

/**
 * Serves the built portal: static files, and `index.html` for any other GET that asks for HTML
 * (client-side routes such as /errors/123 survive a reload).
 */
export function servePortal(portalDir: string): RequestHandler {
  const router = Router();
  router.use(express.static(portalDir, { index: 'index.html', maxAge: '1h' }));
  router.get(/.*/, (req, res, next) => {
    if (!req.accepts('html')) {
      next();
      return;
    }
    res.sendFile(path.join(portalDir, 'index.html'));
  });
  return router;
}
