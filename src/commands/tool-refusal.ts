/**
 * A kb mcp tool call the KB cannot answer (a path outside wiki/, a document or section that
 * does not exist, writing while it is off): the agent gets the message as a tool error, and
 * the server goes on serving.
 */
export class ToolRefusal extends Error {}
