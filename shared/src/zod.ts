/**
 * zod, as the built packages load it: one copy, bundled into @stark/shared's output and shared by
 * the server and the CLI (their builds point `zod` here), so a process loads one module instead of
 * zod's ~95 files, and schemas that cross packages (the model's, in the server's routes) belong to
 * the one zod instance they are used with. All of zod, so that any import of it keeps working once
 * the builds point it here. From sources, this is zod itself.
 */
export * from 'zod'
