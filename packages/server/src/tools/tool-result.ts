/** The wire shape of one tool call's result (DESIGN.md section 3), as the SDK returns it. */
export interface ToolResult {
  success: boolean;
  data: unknown;
  error: string | null;
  error_code: string | null;
  duration: number;
  server: string | null;
  tool: string;
  tool_call_id: string;
  called_at: string;
  [extra: string]: unknown;
}
