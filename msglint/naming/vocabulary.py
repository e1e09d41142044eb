"""msglint's own word lists for technical (infrastructure) names and generic data changes.

Every list can be extended from `[naming]` in the configuration; `domain-words` removes a word from
the technical list for one project (a logistics team's `queue` may be a line of trucks).
"""

from __future__ import annotations

TECHNICAL_WORDS = frozenset(
    """
    database db row rows table tables column columns sql nosql cache caches cached redis memcached
    queue queues queued dlq kafka rabbitmq amqp mqtt sqs sns kinesis pubsub offset offsets partition
    partitions consumer producer outbox inbox cdc s3 bucket blob cron crontab index indexes indexed reindexed
    indexer reindex schema migration migrations snapshot snapshots aggregate composite persisted persist
    flushed flush truncated truncate inserted insert committed upserted serialized deserialized replicated
    http https rpc grpc io socket websocket connection connections param params parameter buffer
    retry retried subscribe unsubscribe connect disconnect connected disconnected beat maintenance system url uri endpoint webhook cloud sync app running data
    """.split()
)

# Nouns so generic that a fact about them alone is about storage, not business (`RecordUpdated`).
GENERIC_SUBJECTS = frozenset("record records entity entities document documents object objects event events "
                             "message messages page row rows data".split())

HTTP_METHODS = frozenset("get post put patch delete head options".split())

CRUD_VERBS = {
    "past": frozenset("updated changed deleted modified edited upserted patched".split()),
    "base": frozenset("update delete modify edit upsert patch".split()),
}
CRUD_NOUNS = frozenset("update updates change changes delete deletion modification edit".split())
