import { json, type HttpResult } from "../http/result.js";
import { optionalString, type AsaasContext } from "./context.js";
import { invalid, notFound } from "./errors.js";
import { customerObject } from "./objects.js";

export function createCustomer({ body, store }: AsaasContext): HttpResult {
  const name = optionalString(body.name);
  if (!name) return invalid("invalid_name", "O nome do cliente deve ser informado.");
  const rawDoc = optionalString(body.cpfCnpj);
  const cpfCnpj = rawDoc ? rawDoc.replace(/\D/g, "") : null;
  if (cpfCnpj !== null && cpfCnpj.length !== 11 && cpfCnpj.length !== 14) {
    return invalid("invalid_cpfCnpj", "O CPF/CNPJ informado é inválido.");
  }
  const customer = store.addCustomer({
    name,
    cpfCnpj,
    email: optionalString(body.email),
    phone: optionalString(body.phone),
    mobilePhone: optionalString(body.mobilePhone),
    externalReference: optionalString(body.externalReference),
  });
  return json(200, customerObject(customer));
}

export function retrieveCustomer({ params, store }: AsaasContext): HttpResult {
  const customer = store.customers.get(params.id ?? "");
  return customer ? json(200, customerObject(customer)) : notFound("Cliente não encontrado.");
}
