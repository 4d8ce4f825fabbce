/** ONE fetch-style handler per mock app; mounted in express (a real port) and in msw. */
export type FetchHandler = (req: Request) => Promise<Response>;
