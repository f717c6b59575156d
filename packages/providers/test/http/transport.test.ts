import { describe, expect, it } from "vitest";
import { classifyTransportError } from "../../src/http/transport.js";

function fetchFailure(code: string): Error {
  return Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(code), { code }) });
}

describe("classifyTransportError", () => {
  it("reads an abort by our timeout as timeout", () => {
    expect(classifyTransportError(new DOMException("The operation was aborted due to timeout", "TimeoutError")).phase).toBe("timeout");
  });

  it("reads a refused connection as not sent", () => {
    expect(classifyTransportError(fetchFailure("ECONNREFUSED"))).toEqual({ phase: "not_sent", transportCode: "ECONNREFUSED" });
    expect(classifyTransportError(fetchFailure("ENOTFOUND")).phase).toBe("not_sent");
  });

  it("reads a reset as lost (it may have been sent)", () => {
    expect(classifyTransportError(fetchFailure("ECONNRESET"))).toEqual({ phase: "lost", transportCode: "ECONNRESET" });
    expect(classifyTransportError(fetchFailure("UND_ERR_SOCKET")).phase).toBe("lost");
  });

  it("reads stripe-node's detail code", () => {
    expect(classifyTransportError({ detail: { code: "ETIMEDOUT" } }).phase).toBe("timeout");
    expect(classifyTransportError({ detail: { code: "ECONNREFUSED" } }).phase).toBe("not_sent");
  });

  it("treats anything unrecognised as lost, never as not sent", () => {
    expect(classifyTransportError(new Error("weird")).phase).toBe("lost");
    expect(classifyTransportError("string").phase).toBe("lost");
  });
});
