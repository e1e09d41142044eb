"""msglint's own word lists for technical (infrastructure) names and generic data changes.

Every list can be extended from `[naming]` in the configuration; `domain-words` removes a word from
the technical list for one project (a logistics team's `queue` may be a line of trucks).
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that name infrastructure or a protocol whatever the rest of the name says: transport and protocol
# messages, connection lifecycle, retries, hosts and clusters, storage, caches and queues, databases, deployments,
# tests, and the job runners that execute work. Some name business things in a few domains (a recruiter's `job`,
# a lab's `test`): such a project lists them in `[naming] domain-words`.
TECHNICAL_WORDS = _words(
    """
    database databases db sql nosql savepoint savepoints migration migrations migrate migrated
    schema schemas reindex reindexed indexer persisted persist persistence flush flushed truncated truncate
    upserted upsert serialized deserialized serialised deserialised replicated replica replicas shard shards orm
    cache caches cached redis memcached queue queues queued queueing dequeue dequeued enqueue enqueued dlq
    requeue requeued kafka rabbitmq amqp mqtt sqs sns kinesis pubsub outbox cdc
    s3 blob blobs cron crontab daemon m2m prerun postrun
    io http https rpc grpc tcp udp dns ssl tls socket sockets websocket websockets
    connected disconnected reconnect reconnected reconnecting handshake keepalive
    heartbeat heartbeats ping pong ack acks nack
    url uri endpoint endpoints webhook webhooks api apis
    retry retries retried retrying backoff throttled
    hostname kubelet docker kubernetes k8s vm vms cpu gc oom disk disks mount mounted unmount unmounted
    mutex semaphore prefetch concurrency reboot rebooted rebooting
    deploy deployed redeploy redeployed deployment deployments
    logger telemetry stacktrace middleware mock mocks
    encryption encrypted decrypted decrypt
    job jobs node nodes cluster clusters pod pods test tests index indexes indexed snapshot snapshots
    composite storage chunk scheduler connection connections metric metrics
    param params parameter parameters row rows column columns
    prune pruned pruning unhealthy hello echo
    acl acls jwt oidc saml oauth oauth2 kernel
    failover latency throughput proxy firewall ssh smtp syslog stderr stdout swap
    postgres postgresql mysql mongodb elasticsearch zookeeper etcd nginx helm terraform ansible jenkins
    backup backups repo repos git mongo memcache memcached
    """
)

# Words that name a piece of running software in technical names and a business thing in others (a call
# centre's `AgentIdle` is no process; a waiter is a `server`, a logistics `exception` is a delayed parcel, a pay
# `stub`, an ATM's `CardInserted`, a land `partition`, a product `rollout`): technical only beside a runtime word
# (`WorkerStarting`, `ServiceExecuted`, `InstanceNotReady`, `PipelineCanceled`), beside a word of TECHNICAL_WORDS,
# or right before a generic change (`PluginDeleted`: the software itself changed; `AppPriceChanged` is a price).
SYSTEM_NOUNS = _words(
    """
    worker workers service services host hosts instance instances container containers app context
    plugin plugins pipeline pipelines artifact artifacts hook hooks engine
    server servers exception exceptions partition partitions aggregate insert inserted rollout stub stubs
    """
)

# The system nouns that name nothing but software: a generic change to one of them is a change to the software
# (`PluginDeleted`); `WorkersChanged`, `ServiceUpdated`, `HostChanged` may be staff, an offer or a host of an event.
SOFTWARE_NOUNS = _words(
    """
    plugin plugins pipeline pipelines artifact artifacts hook hooks
    """
)

# What happens to running software (`WorkerStarting`, `JobTimedOut`, `NodeNotReady`, `ServiceExecuted`).
RUNTIME_WORDS = _words(
    """
    start started starting startup stop stopped stopping init initialized initialised initializing initialising
    ready idle shutdown boot booted booting crash crashed crashing kill killed killing restart restarted
    restarting awake awakened sleep sleeping exit exited spawn spawned heartbeat unhealthy healthy
    timeout timed timing attempt attempted attempting attempts fault faulted fail failed failure failing error
    errored errors interrupted debounced pause paused pausing resume resumed resuming execute executed executing
    run running ran popped popping processing schedulable unschedulable evicted waiting slot slots progress
    lost dropped refused established unreachable available unavailable skipped released concurrent
    rebuild rebuilt rebuilding registered unregistered deregistered
    finished enqueued canceled cancelled canceling cancelling succeeded success successful enabled disabled
    upgraded deployed completed
    """
)

# Not listed on purpose, because they name business things in many domains although they have a technical
# sense too: template, report, session, account, message, document, token, key, secret, certificate, table,
# bucket, consumer, producer, inbox, data, sync, cloud, image, volume, lock, slot, stream, batch, config,
# settings, client, system, workflow, build, run, attempt, transaction, request, response, status,
# timeout, query, statement, task, thread, memory, log, trace, connect, subscribe, event, page, maintenance.
# A name with one of them is technical only through another word (`SessionSocketClosed`), and a project makes
# its own words technical with `[naming] technical-words`.

# Words that are technical when they are the whole name, with no business thing beside them: a protocol's
# verbs and greetings, and the state of a system (`subscribe`, `disconnect`, `maintenance`).
TECHNICAL_ALONE = frozenset(
    ["connect", "disconnect", "subscribe", "unsubscribe", "maintenance", "reload", "hello", "echo", "test", "unhealthy"]
)

# Pairs of words that name infrastructure together (`CircuitBreakerOpened`, `RecordDeadLetter`).
TECHNICAL_PHRASES = frozenset(
    [
        ("dead", "letter"),
        ("circuit", "breaker"),
        ("routing", "slip"),
        ("rate", "limited"),
        ("rate", "limit"),
        ("health", "check"),
        ("load", "balancer"),
        ("check", "run"),
        ("check", "suite"),
        ("workflow", "run"),
        ("task", "run"),
        ("pipeline", "run"),
        ("access", "token"),
        ("refresh", "token"),
        ("token", "exchange"),
        ("service", "bus"),
        ("key", "vault"),
        ("container", "registry"),
        ("search", "index"),
        ("event", "processed"),  # an event bus at work; `EventCancelled` is a business event
        ("events", "processed"),
        ("event", "handled"),
        ("event", "consumed"),
        ("event", "dispatched"),
        ("event", "externalized"),
    ]
)

# Infrastructure words that, in a namespace, name the channel a message travels on, not the message
# (`kafka.orders.created` is about an order).
TRANSPORT_WORDS = frozenset(
    ["kafka", "rabbitmq", "amqp", "mqtt", "sqs", "sns", "kinesis", "pubsub", "queue", "queues", "webhook", "webhooks"]
    + ["api", "apis", "http", "https", "rpc", "grpc", "websocket", "websockets", "socket", "sockets"]
)

# Nouns so generic that a fact about them alone is about storage, not business (`RecordUpdated`).
# Not `message` or `document`: `MessageSent` in a chat and `DocumentUploaded` in a records office are the
# business itself.
GENERIC_SUBJECTS = frozenset(
    [
        "record",
        "records",
        "entity",
        "entities",
        "object",
        "objects",
        "row",
        "rows",
        "data",
        "param",
        "params",
        "parameter",
        "parameters",
        "model",
        "models",
    ]
)

HTTP_METHODS = frozenset(["get", "post", "put", "patch", "delete", "head", "options"])

CRUD_VERBS = {
    "past": frozenset(["updated", "changed", "deleted", "modified", "edited", "upserted", "patched", "destroyed"])
    | frozenset(["altered"]),
    "base": frozenset(["update", "change", "delete", "modify", "edit", "upsert", "patch", "destroy", "alter"]),
}
CRUD_NOUNS = frozenset(["update", "updates", "change", "changes", "delete", "deletion", "modification", "edit"])

# Brand and product names: one word however they are written (`PayPal`, `pay_pal`, `iOS`), and never a verb
# (`PostHog`, `SendGrid`, `ShipStation` do not send or ship). A project adds its own in `[naming] domain-words`.
PRODUCT_NAMES = frozenset(
    [
        "wordpress",
        "woocommerce",
        "bigcommerce",
        "shopify",
        "magento",
        "paypal",
        "stripe",
        "braintree",
        "adyen",
        "klarna",
        "gocardless",
        "applepay",
        "googlepay",
        "venmo",
        "ios",
        "ipados",
        "macos",
        "iphone",
        "ipad",
        "icloud",
        "android",
        "ebay",
        "github",
        "gitlab",
        "bitbucket",
        "youtube",
        "linkedin",
        "facebook",
        "instagram",
        "whatsapp",
        "wechat",
        "tiktok",
        "twitter",
        "oauth",
        "openid",
        "javascript",
        "typescript",
        "nodejs",
        "postgresql",
        "postgres",
        "mysql",
        "mongodb",
        "dynamodb",
        "cosmosdb",
        "graphql",
        "openai",
        "chatgpt",
        "sendgrid",
        "mailchimp",
        "mailgun",
        "postmark",
        "posthog",
        "hubspot",
        "salesforce",
        "zendesk",
        "freshdesk",
        "intercom",
        "quickbooks",
        "xero",
        "docusign",
        "pagerduty",
        "dropbox",
        "onedrive",
        "sharepoint",
        "slack",
        "twilio",
        "jira",
        "trello",
        "asana",
        "shipstation",
        "shipbob",
        "fedex",
        "airbnb",
        "soundcloud",
        "cloudflare",
        "cloudwatch",
        "eventbridge",
        "launchdarkly",
        "servicenow",
        "netsuite",
        "rabbitmq",
        "activemq",
        "zeromq",
        "elasticsearch",
        "opensearch",
        "kubernetes",
        "docker",
        "circleci",
    ]
)

# Words that wrap a message name in a topic or schema name (`billing.invoice-paid.event.avro.v2`), not part of it.
ENVELOPE_WORDS = frozenset(
    ["event", "events", "command", "commands", "cmd", "evt", "msg", "message", "messages"]
    + ["avro", "json", "proto", "protobuf", "xml", "schema", "schemas"]
)
