import { describe, expect, it } from "vitest";
import { parseForm } from "../../src/http/form.js";
import { Router } from "../../src/http/router.js";

describe("form parsing", () => {
  it("reads nested keys, [] and [0] arrays like Stripe", () => {
    expect(parseForm("amount=100&metadata[order]=o%201&metadata[x]=&expand[]=a&expand[]=b")).toEqual({
      amount: "100",
      metadata: { order: "o 1", x: "" },
      expand: ["a", "b"],
    });
    expect(parseForm("expand[0]=latest_charge&expand[1]=customer")).toEqual({ expand: ["latest_charge", "customer"] });
    expect(parseForm("a%5Bb%5D=c+d")).toEqual({ a: { b: "c d" } });
  });

  it("ignores prototype-polluting keys", () => {
    const parsed = parseForm("__proto__[polluted]=yes&constructor[prototype][x]=1");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(parsed).toEqual({});
  });
});

describe("router", () => {
  it("matches params, tolerates trailing slashes and tells a wrong method from an unknown path", () => {
    const r = new Router<string>().on("GET", "/v1/payments/:id/refunds", "list").on("POST", "/v1/payments/:id/refunds", "create");
    expect(r.match("GET", "/v1/payments/42/refunds/")).toEqual({ handler: "list", params: { id: "42" } });
    expect(r.match("DELETE", "/v1/payments/42/refunds")).toEqual({ methodNotAllowed: true });
    expect(r.match("GET", "/v1/other")).toBeNull();
  });
});
