package dev.council.api.spi;

/**
 * Who is calling a tool.
 *
 * @param runId the run
 * @param round the round name
 * @param memberId the member whose model asked
 */
public record ToolContext(String runId, String round, String memberId) {}
