// Plain JSON of a config or metrics object for the database (drops undefined, turns typed interfaces into JSON).
import type { Prisma } from "@/lib/db";

export function toJson(value: object): Prisma.InputJsonObject {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonObject;
}
