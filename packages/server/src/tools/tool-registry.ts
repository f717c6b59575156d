import { CodesparError } from "@codespar/protocol";
import { discoverTool } from "./discover/discover-tool.js";
import { payTool } from "./pay/pay-tool.js";
import type { ToolDefinition } from "./tool-definition.js";

/** The meta-tools of DESIGN.md section 5, by name. */
export class ToolRegistry {
  private readonly tools = new Map<string, ToolDefinition<unknown>>();

  constructor(tools: ToolDefinition<never>[] = [discoverTool as ToolDefinition<never>, payTool as ToolDefinition<never>]) {
    for (const t of tools) this.tools.set(t.name, t as unknown as ToolDefinition<unknown>);
  }

  get(name: string): ToolDefinition<unknown> {
    const tool = this.tools.get(name);
    if (!tool) throw new CodesparError("unknown_tool", `No tool named "${name}"; available: ${[...this.tools.keys()].join(", ")}`, { tool: name });
    return tool;
  }

  list(): { name: string; description: string; input_schema: Record<string, unknown> }[] {
    return [...this.tools.values()].map((t) => ({ name: t.name, description: t.description, input_schema: t.inputSchema }));
  }
}
