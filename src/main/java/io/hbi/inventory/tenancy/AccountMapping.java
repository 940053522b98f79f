package io.hbi.inventory.tenancy;

import io.hbi.inventory.events.HostEventType;
import io.hbi.inventory.events.HostEvents;
import io.hbi.inventory.events.OutboxEvents;
import io.hbi.inventory.host.Door;
import io.hbi.inventory.host.Host;
import io.hbi.inventory.selection.AccountToOrg;
import io.hbi.inventory.staleness.StalenessRules;
import io.hbi.inventory.store.DatabaseTime;
import io.hbi.inventory.store.EventOutbox;
import io.hbi.inventory.store.HostAdoptions;
import io.hbi.inventory.store.HostAdoptions.Batch;
import io.hbi.inventory.store.HostAdoptions.Census;
import io.hbi.inventory.store.HostAdoptions.Position;
import io.hbi.inventory.store.OutboxEvent;
import io.hbi.inventory.store.StalenessSettings;
import io.hbi.inventory.store.StoreUnavailableException;
import io.hbi.inventory.store.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps accounts to orgs in bulk, as HBI's 2022 backfill did (decisions.md 10, hbi-later §L1.6): the hosts of each
 * account that have no org join the account's org, in batches of at most {@code batchSize} hosts, each batch in a
 * transaction of its own with one {@code updated} event per host it changed (the host after the change). A host in an
 * org already is never touched, whichever org that is, so running it again changes nothing and writes no event.
 *
 * <p>The events are the service's own changes, like the reaper's deletions: request id {@code "-1"}, no platform
 * metadata, on the events topic only (the egress topic carries what came through Kafka). {@code modified_on} (the
 * event's and the API's {@code updated}) is the time of the batch, as for every other change of a host.
 *
 * <p>Each account's hosts are walked once from the newest down (hosts_account_modified_on_id); rows that an
 * ingestion holds are skipped rather than waited for, and so are hosts written during the walk. A host left without
 * an org that way is taken by a further walk, up to {@link #WALKS} per account; what is still left then is reported,
 * for another run. A batch the database fails is tried again after a pause, {@link #ATTEMPTS} times in all.
 */
public final class AccountMapping {

    /** Walks over one account's hosts at most. */
    static final int WALKS = 3;

    /** Attempts of one transaction when the database is unavailable. */
    static final int ATTEMPTS = 3;

    /** Where a run stands, after each batch: hosts mapped so far, of the hosts without an org found at the start. */
    public record Progress(long mapped, long toMap, int accounts, Duration elapsed) {
    }

    /**
     * What became of one account's hosts. {@code inOrg} and {@code inOtherOrg} are the hosts that had an org before
     * the run (the file's org, another one); {@code leftWithoutOrg} the ones still without an org after it.
     */
    public record AccountOutcome(AccountToOrg mapping, long mapped, long inOrg, long inOtherOrg, long leftWithoutOrg) {

        /** The account had no host at all. */
        public boolean noHosts() {
            return mapped == 0 && inOrg == 0 && inOtherOrg == 0 && leftWithoutOrg == 0;
        }
    }

    /** The outcome of a run, per account in the order given. */
    public record Summary(List<AccountOutcome> accounts, Duration elapsed) {

        public long mapped() {
            return accounts.stream().mapToLong(AccountOutcome::mapped).sum();
        }

        public long alreadyInAnOrg() {
            return accounts.stream().mapToLong(account -> account.inOrg() + account.inOtherOrg()).sum();
        }

        public long inOtherOrgs() {
            return accounts.stream().mapToLong(AccountOutcome::inOtherOrg).sum();
        }

        public long accountsWithoutHosts() {
            return accounts.stream().filter(AccountOutcome::noHosts).count();
        }

        public long leftWithoutOrg() {
            return accounts.stream().mapToLong(AccountOutcome::leftWithoutOrg).sum();
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(AccountMapping.class);

    private final Transactions transactions;
    private final HostAdoptions adoptions;
    private final EventOutbox outbox;
    private final OutboxEvents events;
    private final StalenessSettings staleness;
    private final Clock clock;
    private final Duration retryPause;

    public AccountMapping(Transactions transactions, HostAdoptions adoptions, EventOutbox outbox, OutboxEvents events,
                          StalenessSettings staleness, Clock clock, Duration retryPause) {
        this.transactions = transactions;
        this.adoptions = adoptions;
        this.outbox = outbox;
        this.events = events;
        this.staleness = staleness;
        this.clock = clock;
        this.retryPause = retryPause;
    }

    /**
     * Maps every account of {@code mappings} (one mapping per account) to its org; {@code progress} hears after every
     * batch.
     *
     * @throws StoreUnavailableException when the database stays unavailable; what was committed stays, with its
     *                                   events, and running again carries on
     */
    public Summary map(List<AccountToOrg> mappings, int batchSize, Consumer<Progress> progress) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
        long started = System.nanoTime();
        List<Census> before = new ArrayList<>();
        long toMap = 0;
        for (AccountToOrg mapping : mappings) {
            Census census = census(mapping);
            before.add(census);
            toMap += census.withoutOrg();
        }
        List<AccountOutcome> outcomes = new ArrayList<>();
        long mappedSoFar = 0;
        for (int i = 0; i < mappings.size(); i++) {
            AccountToOrg mapping = mappings.get(i);
            Census census = before.get(i);
            long mapped = 0;
            long left = census.withoutOrg();
            for (int walk = 1; walk <= WALKS && left > 0; walk++) {
                Position position = null;
                while (true) {
                    Batch batch = adopt(mapping, position, batchSize);
                    mapped += batch.adopted().size();
                    if (!batch.adopted().isEmpty()) {
                        progress.accept(new Progress(mappedSoFar + mapped, toMap, mappings.size(), since(started)));
                    }
                    if (batch.adopted().size() < batchSize) {
                        break;
                    }
                    position = batch.next();
                }
                left = census(mapping).withoutOrg();
            }
            mappedSoFar += mapped;
            outcomes.add(new AccountOutcome(mapping, mapped, census.inOrg(), census.inOtherOrg(), left));
        }
        Summary summary = new Summary(List.copyOf(outcomes), since(started));
        LOG.info("Accounts mapped to orgs: {} accounts, {} hosts mapped, {} already in an org, {} left without an org,"
                + " in {} ms", mappings.size(), summary.mapped(), summary.alreadyInAnOrg(), summary.leftWithoutOrg(),
                summary.elapsed().toMillis());
        return summary;
    }

    private Census census(AccountToOrg mapping) {
        return retried(() -> transactions.inTransaction(connection -> adoptions.census(connection, mapping)));
    }

    /** One transaction: the batch's hosts join the org, each with its {@code updated} event. */
    private Batch adopt(AccountToOrg mapping, Position position, int batchSize) {
        return retried(() -> transactions.inTransaction(connection -> {
            Batch batch = adoptions.adopt(connection, mapping, position, batchSize, DatabaseTime.now(clock));
            // the adopted hosts follow their new org's staleness rule from now on
            StalenessRules rules = staleness.rulesOfOrgs(connection, List.of(mapping.orgId()));
            List<OutboxEvent> pending = new ArrayList<>();
            for (Host host : batch.adopted()) {
                pending.addAll(events.changed(HostEventType.UPDATED, host, rules, Door.REST, null,
                        HostEvents.NO_REQUEST_ID));
            }
            outbox.append(connection, pending);
            return batch;
        }));
    }

    /**
     * {@code work} again after a pause while the database is unavailable, {@link #ATTEMPTS} times in all. Repeating
     * a batch is safe: it takes only hosts still without an org.
     */
    private <T> T retried(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (StoreUnavailableException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                LOG.warn("Mapping accounts to orgs: {}; trying again in {} s (attempt {} of {})", e.getMessage(),
                        retryPause.multipliedBy(attempt).toSeconds(), attempt + 1, ATTEMPTS);
                pause(retryPause.multipliedBy(attempt));
            }
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for the database", e);
        }
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
