package io.hbi.inventory.camel;

import io.hbi.inventory.store.Transactions;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.spi.Policy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;

/**
 * Runs the steps a route wraps with it ({@code policy: ref: ...}) in one database transaction: the connection is the
 * exchange property {@value #CONNECTION} while they run; the transaction commits when they all succeeded and rolls
 * back when one failed, and the failure goes on to the route.
 */
public final class TransactionPolicy implements Policy {

    /** The exchange property that holds the transaction's {@link java.sql.Connection}. */
    public static final String CONNECTION = "inventoryConnection";

    private final Transactions transactions;

    public TransactionPolicy(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void beforeWrap(Route route, NamedNode definition) {
        // nothing to prepare
    }

    @Override
    public Processor wrap(Route route, Processor processor) {
        return new DelegateAsyncProcessor(processor) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                Transactions.Open transaction;
                try {
                    transaction = transactions.begin();
                } catch (RuntimeException e) {
                    exchange.setException(e);
                    callback.done(true);
                    return true;
                }
                exchange.setProperty(CONNECTION, transaction.connection());
                return super.process(exchange, doneSync -> {
                    try {
                        exchange.removeProperty(CONNECTION);
                        if (exchange.getException() == null && !exchange.isRollbackOnly()) {
                            transaction.commit();
                        }
                    } catch (RuntimeException e) {
                        exchange.setException(e);
                    } finally {
                        transaction.close();
                        callback.done(doneSync);
                    }
                });
            }

            @Override
            public String toString() {
                return "Transaction[" + processor + "]";
            }
        };
    }
}
