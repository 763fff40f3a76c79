/**
 * Council runs as Quartz jobs on a persistent (JDBC) job store.
 *
 * <p>{@link dev.council.jobs.quartz.CouncilJobs} holds what the jobs of one scheduler need (the engine,
 * the run history of its JDBI recorder, the councils by name) and builds their job details;
 * {@link dev.council.jobs.quartz.CouncilJob} is the job: a blocking council run inside
 * {@code execute}, bounded by {@link dev.council.jobs.quartz.JobTimeouts}, its run id derived from the job
 * and the firing so that a job Quartz recovers after a crash resumes the same run from the member-call
 * journal, and a job Quartz re-fires after a failed run starts a re-run attempt linked to it.
 * {@link dev.council.jobs.quartz.QuartzTables} creates Quartz's own tables on PostgreSQL. See
 * docs/jobs.md.
 */
@NullMarked
package dev.council.jobs.quartz;

import org.jspecify.annotations.NullMarked;
