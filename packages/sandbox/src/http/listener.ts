import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

export interface Listener {
  host: string;
  port: number;
  url: string;
  /** Stops listening and destroys every open socket, hung requests included. */
  close(): Promise<void>;
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export async function listen(handler: RequestHandler, port: number, host: string): Promise<Listener> {
  const sockets = new Set<Socket>();
  const server = createServer(handler);
  // Keep-alive sockets and deliberately hung requests would otherwise hold close() open.
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  server.on("clientError", (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("listener has no TCP address");
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  return {
    host,
    port: address.port,
    url: `http://${urlHost}:${address.port}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
