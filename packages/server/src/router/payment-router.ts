import { CodesparError } from "@codespar/protocol";
import { paymentIdMatches, type ProviderId } from "@codespar/providers";
import { isServerId } from "../catalog/servers.js";
import type { ConnectionService } from "../connections/connection-service.js";
import type { ConnectionRecord, KeyMode, Store } from "../storage/index.js";

export interface RouteRequest {
  projectId: string;
  mode: KeyMode;
  sessionServers: string[];
  paymentId: string;
  /** The caller named the provider explicitly. */
  server?: string | undefined;
}

export interface Route {
  server: ProviderId;
  connection: ConnectionRecord;
  /** How the route was found: for the tool call record and for debugging misroutes. */
  via: "explicit" | "ledger" | "id_shape";
}

/**
 * payment_id -> provider (DESIGN.md section 5): the caller's explicit server, else what our
 * ledger knows (we created or touched this payment), else the id's shape; only among the
 * session's servers. Ambiguity is an error, never a guess: money must go to one place.
 */
export class PaymentRouter {
  constructor(
    private readonly store: Store,
    private readonly connections: ConnectionService,
  ) {}

  async route(req: RouteRequest): Promise<Route> {
    const servers = req.sessionServers.filter(isServerId);
    if (req.server !== undefined) {
      if (!isServerId(req.server) || !servers.includes(req.server)) {
        throw new CodesparError("unroutable_payment", `Server ${req.server} is not one of this session's servers (${servers.join(", ") || "none"})`, { payment_id: req.paymentId });
      }
      return this.withConnection(req, req.server, "explicit");
    }
    const known = await this.store.paymentRoutes.find(req.projectId, req.paymentId);
    if (known && isServerId(known.server) && servers.includes(known.server)) return this.withConnection(req, known.server, "ledger");
    const byShape = servers.filter((s) => paymentIdMatches(s, req.paymentId));
    if (byShape.length === 1 && byShape[0]) return this.withConnection(req, byShape[0], "id_shape");
    if (byShape.length > 1) {
      throw new CodesparError("unroutable_payment", `Payment ${req.paymentId} could belong to ${byShape.join(" or ")}; pass "server" to choose`, { payment_id: req.paymentId, candidates: byShape });
    }
    throw new CodesparError(
      "unroutable_payment",
      `Payment id ${req.paymentId} matches none of this session's servers (${servers.join(", ") || "none"}): Stripe ids start pi_ or ch_, Asaas pay_, Mercado Pago ids are numeric`,
      { payment_id: req.paymentId },
    );
  }

  private async withConnection(req: RouteRequest, server: ProviderId, via: Route["via"]): Promise<Route> {
    const connection = await this.connections.find(req.projectId, server, req.mode);
    if (!connection) {
      throw new CodesparError("provider_not_connected", `This project has no ${req.mode} connection for ${server}; add one with "codespar connections add"`, { server, payment_id: req.paymentId });
    }
    return { server, connection, via };
  }
}
