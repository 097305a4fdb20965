/**
 * The Stark REST API as TypeScript types, generated from the server's OpenAPI document by
 * openapi-typescript: do not edit; run `npm run generate -w @stark/client` after changing a route.
 */

export interface paths {
    "/api/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with email and password (throttled per address and, after failures, per account) */
        post: operations["postAuthLogin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke this session (its access and refresh tokens stop working) */
        post: operations["postAuthLogout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where users sign in: Stark itself, and a Supabase project when one is configured */
        get: operations["getAuthProviders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Trade a refresh token for new tokens (the old refresh token stops working) */
        post: operations["postAuthRefresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a user: admins with any role; anyone as a user while self-registration is open (then signed in) */
        post: operations["postAuthRegister"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/registration": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether self-registration is open */
        get: operations["getAuthRegistration"];
        /** Open or close self-registration (admins) */
        put: operations["putAuthRegistration"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create the first admin (refused once any user exists) */
        post: operations["postAuthSetup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/whoami": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who this token belongs to */
        get: operations["getAuthWhoami"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/bundles/{sha256}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download a bundle by its sha256 (nodes fetch what they are told to run) */
        get: operations["getBundlesBySha256"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cluster/resume-evictions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End a mass-outage pause of evictions now (admins): pods on nodes still down are replaced */
        post: operations["postClusterResumeEvictions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Events, oldest first: the newest page, or forward from `since` / `cursor`; `follow=true` streams new ones
         * @description Without `since` or `cursor` the answer is the newest `limit` events (its `nextCursor` is null). With `since` or `cursor` it pages forward: `nextCursor` is set while more events follow. With `follow=true` the answer is a text/event-stream: the same page, then each new matching event as `event: event` with `id: <event id>`; send `Last-Event-ID` to resume.
         */
        get: operations["getEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/namespaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Namespaces you can see: the shared ones and your own (admins and viewers: all) */
        get: operations["getNamespaces"];
        put?: never;
        /** Create a namespace you own; a user’s gets the default quota for user namespaces, or the lower one asked for (403 above it) */
        post: operations["postNamespaces"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/namespaces/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One namespace, with its quota and usage */
        get: operations["getNamespacesByName"];
        put?: never;
        post?: never;
        /** Delete an empty namespace (its finished pods go with it); refused while it holds running pods, services or secrets */
        delete: operations["deleteNamespacesByName"];
        options?: never;
        head?: never;
        /** Set a namespace’s quota (admins); the quota given replaces the old one */
        patch: operations["patchNamespacesByName"];
        trace?: never;
    };
    "/api/nodes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Nodes, by name */
        get: operations["getNodes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/nodes/{ref}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One node, by name or id */
        get: operations["getNodesByRef"];
        put?: never;
        post?: never;
        /**
         * Delete a node (admins and its owner): its pods are replaced elsewhere; a Ready node only with force=true
         * @description A node that is not Ready is removed at once: its running pods end (Failed, reason NodeDeleted) so their services and restart policies replace them. A Ready node is refused (409) unless `force=true`; its agent is then disconnected and stops. The node token no longer works: an agent started again joins as a new node.
         */
        delete: operations["deleteNodesByRef"];
        options?: never;
        head?: never;
        /** Change a node: labels, taints, cordon (unschedulable), trusted (admins) */
        patch: operations["patchNodesByRef"];
        trace?: never;
    };
    "/api/nodes/{ref}/cordon": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cordon a node: it keeps its pods and takes no new ones */
        post: operations["postNodesByRefCordon"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/nodes/{ref}/drain": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How far a drain is: the pods still on the node */
        get: operations["getNodesByRefDrain"];
        put?: never;
        /**
         * Drain a node: cordon it and stop its pods gracefully (DaemonSet pods stay)
         * @description Service pods are stopped and deleted, so their service places replacements elsewhere at once; bare pods are stopped (reason Drained). Poll GET /api/nodes/{ref}/drain until `done`. DaemonSet pods belong to the node and stay (as kubectl drain --ignore-daemonsets).
         */
        post: operations["postNodesByRefDrain"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/nodes/{ref}/uncordon": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Uncordon a node: it takes new pods again */
        post: operations["postNodesByRefUncordon"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/nodes/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a join token: a short-lived credential that registers one new node owned by you */
        post: operations["postNodesTokens"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/packs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Packs you can use: every version, by namespace and name, oldest first within a name */
        get: operations["getPacks"];
        put?: never;
        /** Register a pack version into a namespace (the bundle is immutable once registered) */
        post: operations["postPacks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/packs/{name}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every version of one pack (of a namespace), oldest first */
        get: operations["getPacksByNameVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Pods you can see, by namespace and name */
        get: operations["getPods"];
        put?: never;
        /** Create a pod from a pack (returns at once, Pending; the scheduler places it) */
        post: operations["postPods"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pods/{ref}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One pod, by name (in a namespace) or id */
        get: operations["getPodsByRef"];
        put?: never;
        post?: never;
        /** Delete a pod: a running pod stops (Stopping → Stopped); a finished one is removed */
        delete: operations["deletePodsByRef"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pods/{ref}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every status a pod went through, oldest first (each run has its incarnation) */
        get: operations["getPodsByRefHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pods/{ref}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A pod’s output; with follow=true, a live text/event-stream of lines */
        get: operations["getPodsByRefLogs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pods/{ref}/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run a pod’s previous version for real: a new incarnation on its node with the older bundle */
        post: operations["postPodsByRefRollback"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/priorityclasses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Priority classes, by name */
        get: operations["getPriorityclasses"];
        put?: never;
        /** Create a priority class (admins) */
        post: operations["postPriorityclasses"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/priorityclasses/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One priority class */
        get: operations["getPriorityclassesByName"];
        put?: never;
        post?: never;
        /** Delete a priority class (admins); pods keep the priority they were created with */
        delete: operations["deletePriorityclassesByName"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/scheduler": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The scheduler’s scoring profile */
        get: operations["getScheduler"];
        /** Change the scoring profile for the whole cluster (admins); applies from the next decision */
        put: operations["putScheduler"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/secrets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Secrets you own (admins: all), without their values */
        get: operations["getSecrets"];
        put?: never;
        /** Create a secret (encrypted at rest; injected into pods that reference it, on their node only) */
        post: operations["postSecrets"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/secrets/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One secret’s names and keys (never its values) */
        get: operations["getSecretsByName"];
        /** Replace a secret’s values (owner or admin); the same values change nothing (`changed: false`). Running pods keep theirs. */
        put: operations["putSecretsByName"];
        post?: never;
        /** Delete a secret (pods already running keep their environment) */
        delete: operations["deleteSecretsByName"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/services": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Services you can see, with their pod counts */
        get: operations["getServices"];
        put?: never;
        /** Create a service: N pods of a pack (or one per matching node with replicas 0 / daemonset), kept running */
        post: operations["postServices"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/services/{ref}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One service in detail: counts, condition, rollout, its pods with their nodes, recent events */
        get: operations["getServicesByRef"];
        put?: never;
        post?: never;
        /** Delete a service: its pods stop everywhere; the service is gone once they have */
        delete: operations["deleteServicesByRef"];
        options?: never;
        head?: never;
        /** Update a service: a new pack version or pod template (env, args, resources, placement, priority) starts a rolling update; labels, strategy and follow-latest change in place */
        patch: operations["patchServicesByRef"];
        trace?: never;
    };
    "/api/services/{ref}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The versions the service was set to, newest first, with when and why */
        get: operations["getServicesByRefHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/services/{ref}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pause: pods keep running; no scaling, replacing or rollouts until resumed */
        post: operations["postServicesByRefPause"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/services/{ref}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume reconciling a paused service */
        post: operations["postServicesByRefResume"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/services/{ref}/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Roll back to the previous version: the one a rollout in progress started from, or the latest earlier one (409 when there is none); `toRevision` goes back to that revision of the history instead */
        post: operations["postServicesByRefRollback"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/services/{ref}/scale": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set the number of replicas (extra pods go least ready first, then the newest) */
        post: operations["postServicesByRefScale"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The cluster at a glance: server, database, nodes and pods by status, recent warnings */
        get: operations["getStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** CPU and memory of the pods and nodes you can see over the last 15 minutes */
        get: operations["getUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every user (admins) */
        get: operations["getUsers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{ref}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One user, by id or email (admins; anyone their own) */
        get: operations["getUsersByRef"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a user’s role, or disable or enable them (admins; never the last admin) */
        patch: operations["patchUsersByRef"];
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Is the server up and its database reachable? */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/livez": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Is the process alive? (liveness probe; never depends on the database) */
        get: operations["getLivez"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics (text format); the metrics token (STARK_METRICS_TOKEN) or an admin/viewer token */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Can the server serve requests now? (readiness probe: its database answers) */
        get: operations["getReadyz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AuthProviders: {
            stark: boolean;
            supabase: {
                anonKey: string | null;
                url: string;
            } | null;
        };
        ClusterStatus: {
            database: {
                latencyMs: number | null;
                /** @enum {string} */
                status: "ok" | "unavailable";
            };
            /** @description Whether node health holds back evictions because many nodes dropped at once (the server may be the one cut off); `stark cluster resume-evictions` ends it. */
            evictions: {
                massOutage: components["schemas"]["MassOutage"];
                paused: boolean;
            };
            nodes: {
                byStatus: {
                    NotReady: number;
                    Offline: number;
                    Ready: number;
                };
                total: number;
                /** @description Cordoned nodes. */
                unschedulable: number;
            };
            pods: {
                byStatus: {
                    Failed: number;
                    Pending: number;
                    Running: number;
                    Scheduled: number;
                    Stopped: number;
                    Stopping: number;
                    Succeeded: number;
                };
                total: number;
                /** @description Pending pods no node can take (the scheduler’s reason is on each pod). */
                unschedulable: number;
            };
            server: {
                engine: string;
                /** Format: date-time */
                startedAt: string;
                uptimeSeconds: number;
                version: string;
            };
            /** @description Every server on this database (the leader first) and when it last wrote its heartbeat. */
            servers: {
                id: string;
                /** Format: date-time */
                lastSeenAt: string;
                leader: boolean;
                url: string;
                version: string;
            }[];
            /** @description Warning and error events of the last hour, oldest first (at most 10). */
            warnings: components["schemas"]["Event"][];
        };
        CreateNamespace: {
            /** @example team-a */
            name: string;
            quota?: components["schemas"]["Quota"];
        };
        CreatePod: {
            /**
             * @description Node affinity: `required` terms (the node must match one; expressions in a term all) and weighted `preferred` terms.
             * @example {
             *       "required": [
             *         {
             *           "matchExpressions": [
             *             {
             *               "key": "zone",
             *               "operator": "In",
             *               "values": [
             *                 "a",
             *                 "b"
             *               ]
             *             }
             *           ]
             *         }
             *       ]
             *     }
             */
            affinity?: {
                preferred?: {
                    matchExpressions: {
                        key: string;
                        /** @enum {string} */
                        operator: "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt";
                        values?: string[];
                    }[];
                    weight: number;
                }[];
                required?: {
                    matchExpressions: {
                        key: string;
                        /** @enum {string} */
                        operator: "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt";
                        values?: string[];
                    }[];
                }[];
            };
            args?: string[];
            env?: {
                [key: string]: string;
            };
            /**
             * @description Labels (Kubernetes key/value syntax, at most 64); lists select on them with `labelSelector`.
             * @example {
             *       "app": "web",
             *       "tier": "front"
             *     }
             */
            labels?: {
                [key: string]: string;
            };
            name?: string;
            namespace?: string;
            /**
             * @description The pack: name[@version] for one of the pod’s namespace, namespace/name[@version] for a public (or your own) pack of another; without a version, the highest.
             * @example hello@1.0.0
             */
            pack: string;
            priority?: number;
            /** @description A priority class (stark priorityclass list); the pod gets its value. Not together with priority. */
            priorityClass?: string;
            resources?: {
                cpu?: number;
                memory?: number;
            };
            /** @enum {string} */
            restartPolicy?: "Never" | "OnFailure" | "Always";
            /** @description Secrets in the pod’s namespace (stark secret create) whose keys join its environment, on its node only; `env` wins on a clash. */
            secrets?: string[];
            selector?: {
                [key: string]: string;
            };
            tolerations?: {
                /** @enum {string} */
                effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
                key?: string;
                /**
                 * @default Equal
                 * @enum {string}
                 */
                operator: "Equal" | "Exists";
                tolerationSeconds?: number;
                value?: string;
            }[];
            version?: string;
        };
        CreatePriorityClass: {
            description?: string;
            /** @example critical */
            name: string;
            /**
             * @description The priority pods of this class get (0–1000; higher preempts lower).
             * @example 900
             */
            value: number;
        };
        CreateSecret: {
            /**
             * @description KEY → value; keys are environment variable names.
             * @example {
             *       "DB_PASSWORD": "s3cret"
             *     }
             */
            data: {
                [key: string]: string;
            };
            /** @example db */
            name: string;
            /** @description Default: default. */
            namespace?: string;
        };
        CreateService: {
            /**
             * @description Node affinity: `required` terms (the node must match one; expressions in a term all) and weighted `preferred` terms.
             * @example {
             *       "required": [
             *         {
             *           "matchExpressions": [
             *             {
             *               "key": "zone",
             *               "operator": "In",
             *               "values": [
             *                 "a",
             *                 "b"
             *               ]
             *             }
             *           ]
             *         }
             *       ]
             *     }
             */
            affinity?: {
                preferred?: {
                    matchExpressions: {
                        key: string;
                        /** @enum {string} */
                        operator: "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt";
                        values?: string[];
                    }[];
                    weight: number;
                }[];
                required?: {
                    matchExpressions: {
                        key: string;
                        /** @enum {string} */
                        operator: "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt";
                        values?: string[];
                    }[];
                }[];
            };
            args?: string[];
            /** @description DaemonSet mode: one pod on every node that matches the selector and tolerations. */
            daemonset?: boolean;
            env?: {
                [key: string]: string;
            };
            /** @description Roll out every newer version of the pack as it is registered. */
            followLatest?: boolean;
            /**
             * @description Labels (Kubernetes key/value syntax, at most 64); lists select on them with `labelSelector`.
             * @example {
             *       "app": "web",
             *       "tier": "front"
             *     }
             */
            labels?: {
                [key: string]: string;
            };
            /** @description Pods above replicas during a rolling update (default 1). */
            maxSurge?: number;
            /** @description Pods below replicas allowed during a rolling update (default 0). */
            maxUnavailable?: number;
            /** @description How long a new pod must have been ready to count as available (default 1 s). */
            minReadySeconds?: number;
            /** @example web */
            name: string;
            namespace?: string;
            /**
             * @description The pack: name[@version] for one of the service’s namespace, namespace/name[@version] for a public (or your own) pack of another; without a version, the highest.
             * @example web@1.0.0
             */
            pack: string;
            priority?: number;
            /** @description A priority class (stark priorityclass list); the pod gets its value. Not together with priority. */
            priorityClass?: string;
            /** @description Pods to run (default 1). 0 means DaemonSet mode: one pod on every matching node. */
            replicas?: number;
            resources?: {
                cpu?: number;
                memory?: number;
            };
            selector?: {
                [key: string]: string;
            };
            tolerations?: {
                /** @enum {string} */
                effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
                key?: string;
                /**
                 * @default Equal
                 * @enum {string}
                 */
                operator: "Equal" | "Exists";
                tolerationSeconds?: number;
                value?: string;
            }[];
            version?: string;
        };
        Credentials: {
            /** @example ada@example.com */
            email: string;
            /** @example correct horse battery */
            password: string;
        };
        DeletingService: components["schemas"]["Service"] & {
            /** @description Its pods still stopping on their nodes; the service is gone once none is left. */
            stopping: number;
        };
        DrainProgress: {
            /** @description DaemonSet pods on the node; they stay. */
            daemonSetPods: number;
            /** @description Every pod the drain stops has stopped. */
            done: boolean;
            node: string;
            /** @description Pods the drain still waits for. */
            remaining: {
                name: string;
                namespace: string;
                status: string;
            }[];
        };
        Event: {
            /** @enum {string} */
            category: "pod" | "node" | "service" | "pack" | "system" | "auth" | "scheduler" | "audit";
            /** @description The request id (X-Request-Id) of the call that caused the event, if a call did. */
            correlationId: string | null;
            /** @description How often it happened: a repeat (same object, type, reason, severity and message) within 10 minutes of the last adds to this event instead of a new one. */
            count: number;
            /** Format: date-time */
            createdAt: string;
            /**
             * Format: date-time
             * @description The first occurrence (equals createdAt).
             */
            firstSeen: string;
            id: number;
            /**
             * Format: date-time
             * @description The latest occurrence.
             */
            lastSeen: string;
            message: string | null;
            namespace: string | null;
            newState: string | null;
            previousState: string | null;
            reason: string | null;
            resourceId: string | null;
            /** @example hello-x7k2p */
            resourceName: string | null;
            /** @example pod */
            resourceType: string | null;
            /** @enum {string} */
            severity: "info" | "warning" | "error";
            /** @example PodScheduled */
            type: string;
        };
        EvictionsResumed: {
            /** @description Whether a pause was ended (false: evictions were not paused). */
            resumed: boolean;
        };
        Health: {
            /** @enum {string} */
            database: "ok" | "unavailable";
            engine: string;
            /** @description Evictions paused by the mass-outage guard (still 200: the server itself is fine), with the nodes it caught. */
            evictions: {
                massOutage: components["schemas"]["MassOutage"];
                paused: boolean;
            };
            /** @enum {string} */
            status: "ok" | "degraded";
            version: string;
        };
        JoinToken: {
            /** Format: date-time */
            expiresAt: string;
            /** @description Every server on this database seen in the last 30 s (this one first); the link lists the others too. */
            servers: string[];
            token: string;
            /** @description Open on the device to join; the token rides in the fragment, which never reaches a server log. */
            url: string;
        };
        JoinTokenRequest: {
            /** @description How long the token works (default 1800 s). */
            ttlSeconds?: number;
        };
        Live: {
            /** @enum {string} */
            status: "ok";
            version: string;
        };
        Login: {
            /** @example ada@example.com */
            email: string;
            password: string;
        };
        LogLine: {
            /** @description The stored line’s id; 0 on a line streamed live (follow=true) before it is stored. */
            id: number;
            /** @description The run the line belongs to (-1 for a note from the server, e.g. lines dropped over the rate limit). */
            incarnation: number;
            line: string;
            /** @enum {string} */
            stream: "stdout" | "stderr";
            /** Format: date-time */
            ts: string;
        };
        MassOutage: {
            /** @description Every node it caught. */
            nodes: string[];
            /** @description The nodes it caught that are still down: their pods are not evicted meanwhile. */
            nodesDown: string[];
            /** Format: date-time */
            since: string;
            /**
             * Format: date-time
             * @description When the pause ends at the latest (STARK_MASS_OUTAGE_MAX after it began).
             */
            until: string;
        } | null;
        Namespace: {
            /** Format: date-time */
            createdAt: string;
            name: string;
            /** @description null for the shared namespaces (default, system). */
            ownerId: string | null;
            quota: components["schemas"]["Quota"];
            /** @description What its pods that have not finished request: pods, CPU millicores, memory MB. */
            usage: {
                cpu: number;
                memory: number;
                pods: number;
            };
        };
        Node: {
            agentVersion: string | null;
            allocatable: {
                cpu: number;
                memory: number;
                pods: number;
            };
            allocated: {
                cpu: number;
                memory: number;
                pods: number;
            };
            /** @description What the node’s agent reports wrong now, e.g. ResourcePressure (it cannot start pods: out of file descriptors, processes or memory); a node with a …Pressure condition takes no new pods. Empty when all is well. */
            conditions: {
                message: string;
                reason: string;
                since: number;
                type: string;
            }[];
            /** Format: date-time */
            connectedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            id: string;
            labels: {
                [key: string]: string;
            };
            /** Format: date-time */
            lastHeartbeatAt: string | null;
            name: string;
            ownerId: string | null;
            /**
             * @description What pods on this Node node may connect to, as its agent said when it registered (open: its own machine too; admins only); null when not reported.
             * @enum {string|null}
             */
            podNetwork: "default" | "restricted" | "open" | null;
            /** @description Why the node has its status: `Left` (it stopped on purpose), `Disconnected`, `NodeSilent`, `Registered`, `Reconnected`, … */
            reason: string | null;
            /** @enum {string} */
            runtime: "node" | "browser";
            /** @enum {string} */
            status: "Ready" | "NotReady" | "Offline";
            taints: {
                /** @enum {string} */
                effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
                key: string;
                value?: string;
            }[];
            trusted: boolean;
            unschedulable: boolean;
            /** @description What the node’s running pods use together, as the node reports it (CPU millicores, memory MB, running pods); null when it reports nothing. */
            used: {
                cpu: number;
                memory: number;
                pods: number;
            } | null;
        };
        NodeDeleted: {
            /** @enum {boolean} */
            deleted: true;
            id: string;
            name: string;
            /** @description Runs that ended with the node (replaced elsewhere). */
            podsEnded: number;
        };
        Pack: {
            /** Format: date-time */
            createdAt: string;
            description: string | null;
            id: string;
            name: string;
            namespace: string;
            ownerId: string;
            /** @enum {string} */
            runtime: "node" | "browser" | "universal";
            sha256: string;
            size: number;
            version: string;
            /** @enum {string} */
            visibility: "private" | "public";
        };
        Pod: {
            affinity: {
                preferred?: {
                    matchExpressions: {
                        key: string;
                        /** @enum {string} */
                        operator: "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt";
                        values?: string[];
                    }[];
                    weight: number;
                }[];
                required?: {
                    matchExpressions: {
                        key: string;
                        /** @enum {string} */
                        operator: "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt";
                        values?: string[];
                    }[];
                }[];
            } | null;
            args: string[];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            deletedAt: string | null;
            env: {
                [key: string]: string;
            };
            exitCode: number | null;
            /** Format: date-time */
            finishedAt: string | null;
            id: string;
            incarnation: number;
            /** @description Its labels; a service’s pods carry the service’s plus `stark.io/service=<name>`. */
            labels: {
                [key: string]: string;
            };
            message: string | null;
            name: string;
            namespace: string;
            nodeId: string | null;
            nodeName: string | null;
            ownerId: string;
            pack: {
                id: string;
                name: string;
                /** @description The pack’s namespace (a pack of another namespace is written ns/name@version). */
                namespace: string;
                /** @enum {string} */
                runtime: "node" | "browser" | "universal";
                version: string;
            };
            priority: number;
            priorityClass: string | null;
            reason: string | null;
            resources: {
                cpu: number;
                memory: number;
            };
            /** @enum {string} */
            restartPolicy: "Never" | "OnFailure" | "Always";
            restarts: number;
            /** Format: date-time */
            scheduledAt: string | null;
            /** @description The secrets it references, by name (their values are never shown). */
            secrets?: string[];
            selector: {
                [key: string]: string;
            };
            service: string | null;
            /** Format: date-time */
            startedAt: string | null;
            /** @enum {string} */
            status: "Pending" | "Scheduled" | "Running" | "Stopping" | "Stopped" | "Succeeded" | "Failed";
            tolerations: {
                [key: string]: unknown;
            }[];
            /** @description What the pod’s current run uses, as its node last reported it (CPU millicores, memory MB); null when not running or not reported. */
            usage: {
                /** Format: date-time */
                at: string;
                cpu: number;
                memory: number;
            } | null;
        };
        PodTransition: {
            /** Format: date-time */
            at: string;
            incarnation: number;
            message: string | null;
            nodeId: string | null;
            nodeName: string | null;
            reason: string | null;
            status: string;
        };
        PriorityClass: {
            /** Format: date-time */
            createdAt: string;
            description: string | null;
            name: string;
            value: number;
        };
        Problem: {
            /** @example not_found */
            code: string;
            /** @example pod hello-x7k2p not found */
            detail: string;
            details?: {
                [key: string]: unknown;
            };
            /** @description The same code and message in the form of the first API (kept for older clients). */
            error: {
                /** @example not_found */
                code: string;
                details?: {
                    [key: string]: unknown;
                };
                /** @example pod hello-x7k2p not found */
                message: string;
            };
            /** @description For an invalid request: each bad field, as a JSON pointer into the body (`/query/…`, `/param/…` for the URL). */
            errors?: {
                detail: string;
                /** @example /replicas */
                pointer: string;
            }[];
            /**
             * @description The request path.
             * @example /api/pods/hello-x7k2p
             */
            instance: string;
            /** @example 404 */
            status: number;
            /** @example Not Found */
            title: string;
            /**
             * @description The kind of problem (one per `code`).
             * @example urn:stark:problem:not-found
             */
            type: string;
        };
        Quota: {
            /** @description Most CPU requested by its pods together (millicores). */
            cpu?: number;
            /** @description Most memory requested by its pods together (MB). */
            memory?: number;
            /** @description Most pods at once (not finished). */
            pods?: number;
        };
        Ready: {
            /** @enum {string} */
            database: "ok" | "unavailable";
            /** @enum {string} */
            status: "ready" | "not-ready";
        };
        Refresh: {
            refreshToken: string;
        };
        Register: {
            /** @example ada@example.com */
            email: string;
            /** @example correct horse battery */
            password: string;
            /**
             * @description Admins only (default user). Self-registration is always user.
             * @enum {string}
             */
            role?: "admin" | "user" | "viewer";
        };
        Registered: {
            accessToken?: string;
            expiresAt?: string;
            refreshToken?: string;
            user: components["schemas"]["User"];
        };
        RegisterPack: {
            /**
             * @description The ES module source (one self-contained bundle).
             * @example export default async function main(ctx) { console.log("hi") }
             */
            bundle: string;
            description?: string;
            /** @example hello */
            name: string;
            /**
             * @description The namespace the pack is registered into (one you may use: your own, or a shared one; `system` for admins). Its name is unique within it. `user` is an alias of `default`.
             * @default default
             * @example default
             */
            namespace: string;
            /**
             * @default universal
             * @enum {string}
             */
            runtime: "node" | "browser" | "universal";
            /** @example 1.0.0 */
            version: string;
            /**
             * @default private
             * @enum {string}
             */
            visibility: "private" | "public";
        };
        Registration: {
            /** @description Opened by the server’s --open-registration flag (STARK_OPEN_REGISTRATION); the setting cannot close it. */
            byConfig: boolean;
            /** @description Whether anyone may register themselves (as a user). */
            open: boolean;
            /** @description The cluster setting auth.open_registration. */
            setting: boolean;
        };
        ReplacedSecret: components["schemas"]["Secret"] & {
            /** @description false when the values were already these (nothing was written). */
            changed: boolean;
        };
        ReplaceSecret: {
            /**
             * @description KEY → value; keys are environment variable names.
             * @example {
             *       "DB_PASSWORD": "s3cret"
             *     }
             */
            data: {
                [key: string]: string;
            };
        };
        RollbackPod: {
            /** @description The version to run (default: the one registered before the current one). */
            version?: string;
        };
        ScaleService: {
            replicas: number;
        };
        SchedulerProfile: {
            /** @description Set by the server’s STARK_SCHEDULER_PROFILE, which the cluster setting cannot change. */
            byConfig: boolean;
            /**
             * @description The base profile: spread (least allocated first) or binpack (most allocated first).
             * @enum {string}
             */
            name: "spread" | "binpack";
            /** @description The weights set on top of the base profile’s. */
            overrides: {
                [key: string]: number;
            };
            /** @description The score weights in effect, by plugin. */
            weights: {
                [key: string]: number;
            };
        };
        Secret: {
            /** Format: date-time */
            createdAt: string;
            id: string;
            /** @description The key names; values are never shown. */
            keys: string[];
            name: string;
            namespace: string;
            ownerId: string;
        };
        Service: {
            condition: {
                /** Format: date-time */
                at: string;
                message: string;
                reason: string;
                type: string;
            } | null;
            counts: {
                /** @description Ready for at least minReadySeconds. */
                available: number;
                current: number;
                /** @description Replicas, or the nodes a DaemonSet belongs on. */
                desired: number;
                ready: number;
                /** @description Pods made from the current version. */
                updated: number;
            };
            /** Format: date-time */
            createdAt: string;
            deleting: boolean;
            /** @description A version rolled back from; not retried until the service is updated again. */
            failedVersion: {
                id: string;
                name: string;
                /** @description The pack’s namespace (a pack of another namespace is written ns/name@version). */
                namespace: string;
                version: string;
            } | null;
            followLatest: boolean;
            generation: number;
            /** @description The last version that ran healthily (every pod up to date and available). */
            healthyVersion: {
                id: string;
                name: string;
                /** @description The pack’s namespace (a pack of another namespace is written ns/name@version). */
                namespace: string;
                version: string;
            } | null;
            id: string;
            /** @description Its labels; its pods carry them too. */
            labels: {
                [key: string]: string;
            };
            /** @enum {string} */
            mode: "replicas" | "daemonset";
            name: string;
            namespace: string;
            ownerId: string;
            pack: {
                id: string;
                name: string;
                /** @description The pack’s namespace (a pack of another namespace is written ns/name@version). */
                namespace: string;
                version: string;
            };
            paused: boolean;
            replicas: number;
            /** @description The rollout in progress (rollback: an automatic rollback). */
            rollout: {
                failures: number;
                from: {
                    id: string;
                    name: string;
                    /** @description The pack’s namespace (a pack of another namespace is written ns/name@version). */
                    namespace: string;
                    version: string;
                } | null;
                rollback: boolean;
                /** Format: date-time */
                startedAt: string;
                to: {
                    id: string;
                    name: string;
                    /** @description The pack’s namespace (a pack of another namespace is written ns/name@version). */
                    namespace: string;
                    version: string;
                };
            } | null;
            strategy: {
                maxSurge: number;
                maxUnavailable: number;
                minReadySeconds: number;
            };
            template: {
                affinity: {
                    [key: string]: unknown;
                } | null;
                args: string[];
                env: {
                    [key: string]: string;
                };
                priority: number;
                priorityClass: string | null;
                resources: {
                    cpu: number;
                    memory: number;
                };
                selector: {
                    [key: string]: string;
                };
                tolerations: {
                    [key: string]: unknown;
                }[];
            };
            /** @description The hash of the pod template; its pods carry the hash they were made from (empty: the template from before hashes). */
            templateHash: string;
            /** Format: date-time */
            updatedAt: string;
        };
        ServiceDetail: components["schemas"]["Service"] & {
            events: components["schemas"]["ServiceEvent"][];
            pods: components["schemas"]["ServicePod"][];
        };
        ServiceEvent: {
            /** Format: date-time */
            createdAt: string;
            id: number;
            message: string | null;
            reason: string | null;
            resourceName: string | null;
            resourceType: string | null;
            severity: string;
            type: string;
        };
        ServiceHistory: {
            items: {
                at: string;
                current: boolean;
                /**
                 * @description What became of it: Progressing, Complete (every pod ran it healthily), Failed (rolled back after failures, or failing), RolledBack (a user went back from it), Superseded (a newer version replaced it).
                 * @enum {string}
                 */
                outcome: "Progressing" | "Complete" | "Failed" | "RolledBack" | "Superseded";
                pack: {
                    id: string;
                    name: string | null;
                    namespace: string | null;
                    version: string | null;
                };
                reason: string;
                revision: number;
                /** @description Its pod template (env, args, resources, placement, priority). */
                template: {
                    [key: string]: unknown;
                };
                /** @description The hash of its pod template (empty: the template from before hashes). */
                templateHash: string;
            }[];
            namespace: string;
            service: string;
        };
        ServicePod: {
            available: boolean;
            /** Format: date-time */
            createdAt: string;
            deleting: boolean;
            incarnation: number;
            message: string | null;
            name: string;
            nodeName: string | null;
            ready: boolean;
            reason: string | null;
            restarts: number;
            /** @enum {string} */
            status: "Pending" | "Scheduled" | "Running" | "Stopping" | "Stopped" | "Succeeded" | "Failed";
            upToDate: boolean;
            version: string;
        };
        SetRegistration: {
            open: boolean;
        };
        SetSchedulerProfile: {
            /**
             * @example binpack
             * @enum {string}
             */
            name: "spread" | "binpack";
            /**
             * @description Score weights to override, by plugin name (0 turns a scorer off).
             * @example {
             *       "NodeAffinity": 5
             *     }
             */
            weights?: {
                [key: string]: number;
            };
        };
        Tokens: {
            accessToken: string;
            /** Format: date-time */
            expiresAt: string;
            refreshToken: string;
            user: components["schemas"]["User"];
        };
        UpdateNamespace: {
            quota: components["schemas"]["Quota"];
        };
        UpdateNode: {
            /**
             * @description Labels to set (added or overwritten).
             * @example {
             *       "zone": "a"
             *     }
             */
            labels?: {
                [key: string]: string;
            };
            /** @description Label keys to remove. */
            removeLabels?: string[];
            /** @description Taints to remove: by key and effect, or every effect of the key. */
            removeTaints?: {
                /** @enum {string} */
                effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
                key: string;
            }[];
            /** @description Taints to add; one with the same key and effect is replaced. */
            taints?: {
                /** @enum {string} */
                effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
                key: string;
                value?: string;
            }[];
            /** @description Trusted for system packs and other users’ private packs (admins only). */
            trusted?: boolean;
            /** @description Cordoned: keeps its pods, takes no new ones. */
            unschedulable?: boolean;
        };
        UpdateService: {
            /**
             * @description Node affinity: `required` terms (the node must match one; expressions in a term all) and weighted `preferred` terms.
             * @example {
             *       "required": [
             *         {
             *           "matchExpressions": [
             *             {
             *               "key": "zone",
             *               "operator": "In",
             *               "values": [
             *                 "a",
             *                 "b"
             *               ]
             *             }
             *           ]
             *         }
             *       ]
             *     }
             */
            affinity?: {
                preferred?: {
                    matchExpressions: {
                        key: string;
                        /** @enum {string} */
                        operator: "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt";
                        values?: string[];
                    }[];
                    weight: number;
                }[];
                required?: {
                    matchExpressions: {
                        key: string;
                        /** @enum {string} */
                        operator: "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt";
                        values?: string[];
                    }[];
                }[];
            };
            args?: string[];
            env?: {
                [key: string]: string;
            };
            /** @description Roll out every newer version of the pack as it is registered. */
            followLatest?: boolean;
            /** @description New labels for the service (replacing its labels), set on its pods at once. */
            labels?: {
                [key: string]: string;
            };
            /** @description Pods above replicas during a rolling update (default 1). */
            maxSurge?: number;
            /** @description Pods below replicas allowed during a rolling update (default 0). */
            maxUnavailable?: number;
            /** @description How long a new pod must have been ready to count as available (default 1 s). */
            minReadySeconds?: number;
            /** @description A new version, starting a rolling update: name@version (or name for the newest) of the service’s namespace — or of its current pack’s, when the service’s has no pack of that name — or namespace/name[@version]. */
            pack?: string;
            priority?: number;
            /** @description A priority class (stark priorityclass list); the pod gets its value. Not together with priority. */
            priorityClass?: string;
            resources?: {
                cpu?: number;
                memory?: number;
            };
            selector?: {
                [key: string]: string;
            };
            tolerations?: {
                /** @enum {string} */
                effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
                key?: string;
                /**
                 * @default Equal
                 * @enum {string}
                 */
                operator: "Equal" | "Exists";
                tolerationSeconds?: number;
                value?: string;
            }[];
            version?: string;
        };
        UpdateUser: {
            /** @description A disabled user cannot log in; their sessions end at once. */
            disabled?: boolean;
            /** @enum {string} */
            role?: "admin" | "user" | "viewer";
        };
        Usage: {
            nodes: {
                id: string;
                name: string;
                samples: [
                    number,
                    number,
                    number
                ][];
            }[];
            pods: {
                id: string;
                name: string;
                namespace: string;
                nodeId: string | null;
                samples: [
                    number,
                    number,
                    number
                ][];
            }[];
            windowSeconds: number;
        };
        User: {
            /** Format: date-time */
            createdAt: string;
            disabled: boolean;
            email: string;
            id: string;
            /** @enum {string} */
            role: "admin" | "user" | "node" | "viewer";
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    postAuthLogin: {
        parameters: {
            query?: never;
            header?: {
                /** @description A key of yours (1–255 visible ASCII characters): a repeat of the same request with it within 24 h gets the first answer again (`Idempotent-Replayed: true`) instead of acting twice; the same key with another request is 422. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Login"];
            };
        };
        responses: {
            /** @description Tokens */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tokens"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key was used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many attempts */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAuthLogout: {
        parameters: {
            query?: never;
            header?: {
                /** @description A key of yours (1–255 visible ASCII characters): a repeat of the same request with it within 24 h gets the first answer again (`Idempotent-Replayed: true`) instead of acting twice; the same key with another request is 422. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Logged out */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key was used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuthProviders: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Sign-in providers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthProviders"];
                };
            };
        };
    };
    postAuthRefresh: {
        parameters: {
            query?: never;
            header?: {
                /** @description A key of yours (1–255 visible ASCII characters): a repeat of the same request with it within 24 h gets the first answer again (`Idempotent-Replayed: true`) instead of acting twice; the same key with another request is 422. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Refresh"];
            };
        };
        responses: {
            /** @description New tokens */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accessToken: string;
                        expiresAt: string;
                        refreshToken: string;
                    };
                };
            };
            /** @description Invalid request (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key was used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many attempts from this client; wait a minute */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAuthRegister: {
        parameters: {
            query?: never;
            header?: {
                /** @description A key of yours (1–255 visible ASCII characters): a repeat of the same request with it within 24 h gets the first answer again (`Idempotent-Replayed: true`) instead of acting twice; the same key with another request is 422. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Register"];
            };
        };
        responses: {
            /** @description The user (and tokens when you registered yourself) */
            201: {
                headers: {
                    /** @description Where the new object lives */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Registered"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key was used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuthRegistration: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Registration */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Registration"];
                };
            };
        };
    };
    putAuthRegistration: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetRegistration"];
            };
        };
        responses: {
            /** @description Registration */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Registration"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postAuthSetup: {
        parameters: {
            query?: never;
            header?: {
                /** @description A key of yours (1–255 visible ASCII characters): a repeat of the same request with it within 24 h gets the first answer again (`Idempotent-Replayed: true`) instead of acting twice; the same key with another request is 422. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Credentials"];
            };
        };
        responses: {
            /** @description The admin and their tokens */
            201: {
                headers: {
                    /** @description Where the new object lives */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tokens"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key was used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many attempts from this client; wait a minute */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuthWhoami: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        email: string | null;
                        id: string;
                        /** @enum {string} */
                        kind: "user" | "node";
                        role: string;
                    };
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getBundlesBySha256: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sha256: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The bundle */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/javascript": string;
                };
            };
            /** @description Invalid request (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated (no token, or an invalid, expired or revoked one) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postClusterResumeEvictions: {
        parameters: {
            query?: never;
            header?: {
                /** @description A key of yours (1–255 visible ASCII characters): a repeat of the same request with it within 24 h gets the first answer again (`Idempotent-Replayed: true`) instead of acting twice; the same key with another request is 422. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Evictions run */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EvictionsResumed"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key was used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getEvents: {
        parameters: {
            query?: {
                category?: "pod" | "node" | "service" | "pack" | "system" | "auth" | "scheduler" | "audit";
                /** @description The `nextCursor` of the previous page. */
                cursor?: string;
                /** @description `true`: a text/event-stream of the page, then every new event (`event: event`, `id:` the event id). */
                follow?: "true" | "false";
                /** @description Items per page (1–1000, default 500). */
                limit?: number;
                /** @description Only events in this namespace. */
                namespace?: string;
                /** @description A resource type (`pod`, `node`, `pack`, `service`, `user`) or one resource as `type/name` (name or id). */
                resource?: string;
                /** @description With `watch=true`: stream the changes after this version — the `resourceVersion` of a list answer, or of the last change seen. Without it (and without `Last-Event-ID`), the stream starts with an `ADDED` for each object the list shows now (events: the newest `limit`), then the changes after them. A version older than the server keeps (or from another server) answers 410: list again. */
                resourceVersion?: string;
                /** @description One severity, or several comma-separated (`warning,error`). */
                severity?: string;
                /** @description Only events at or after this time (ISO 8601); pages forward from there. */
                since?: string;
                /** @description One event type, e.g. `PodFailed`. */
                type?: string;
                /** @description `true`: instead of a page, a text/event-stream of the changes to what this list shows after `resourceVersion` — `data: {"type":"ADDED"|"MODIFIED"|"DELETED","object":…,"resourceVersion":"…"}` with `id:` the resourceVersion (send `Last-Event-ID` to resume), `: keepalive` comments while idle, and `event: error` with code `gone` when the stream fell too far behind (list again). The same filters as the list apply; paging parameters are ignored. */
                watch?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Events */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Event"][];
                        nextCursor: string | null;
                        /**
                         * @description The version of this answer: watch from it (`watch=true&resourceVersion=…`) to miss no change.
                         * @example 1796000000000042
                         */
                        resourceVersion: string;
                    };
                    "text/event-stream": string;
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description With watch=true: the resourceVersion is too old (or from another server): list again */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description With watch=true: too many watches open for this caller */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getNamespaces: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Namespaces */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Namespace"][];
                    };
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postNamespaces: {
        parameters: {
            query?: never;
            header?: {
                /** @description A key of yours (1–255 visible ASCII characters): a repeat of the same request with it within 24 h gets the first answer again (`Idempotent-Replayed: true`) instead of acting twice; the same key with another request is 422. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateNamespace"];
            };
        };
        responses: {
            /** @description The new namespace */
            201: {
                headers: {
                    /** @description Where the new object lives */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Namespace"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key was used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getNamespacesByName: {
        parameters: {
            query?: never;
            header?: {
                /** @description Answer 304 without a body when the object is still at this version (its `ETag`). */
                "If-None-Match"?: string;
            };
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The namespace */
            200: {
                headers: {
                    /** @description The object’s version (a strong entity tag) */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Namespace"] & {
                        /** @description This version of the object (its `ETag` without the quotes); `If-Match` takes it. */
                        resourceVersion: string;
                    };
                };
            };
            /** @description Not modified: the object is still at the version If-None-Match names */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteNamespacesByName: {
        parameters: {
            query?: never;
            header?: {
                /** @description Change only if the object is still at this version: its `ETag` (or its `resourceVersion`, quoted or not), or `*` for any version. A stale version answers 412 and changes nothing. */
                "If-Match"?: string;
            };
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        deleted: true;
                        name: string;
                    };
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The object changed since the version If-Match names */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchNamespacesByName: {
        parameters: {
            query?: never;
            header?: {
                /** @description Change only if the object is still at this version: its `ETag` (or its `resourceVersion`, quoted or not), or `*` for any version. A stale version answers 412 and changes nothing. */
                "If-Match"?: string;
            };
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateNamespace"];
            };
        };
        responses: {
            /** @description The namespace as changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Namespace"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The object changed since the version If-Match names */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getNodes: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Only objects whose labels match this selector (`app=web,tier in (a,b),!canary`). */
                labelSelector?: string;
                /** @description Items per page (1–1000, default 500). */
                limit?: number;
                /** @description With `watch=true`: stream the changes after this version — the `resourceVersion` of a list answer, or of the last change seen. Without it (and without `Last-Event-ID`), the stream starts with an `ADDED` for each object the list shows now (events: the newest `limit`), then the changes after them. A version older than the server keeps (or from another server) answers 410: list again. */
                resourceVersion?: string;
                runtime?: "node" | "browser";
                status?: "Ready" | "NotReady" | "Offline";
                /** @description `true`: instead of a page, a text/event-stream of the changes to what this list shows after `resourceVersion` — `data: {"type":"ADDED"|"MODIFIED"|"DELETED","object":…,"resourceVersion":"…"}` with `id:` the resourceVersion (send `Last-Event-ID` to resume), `: keepalive` comments while idle, and `event: error` with code `gone` when the stream fell too far behind (list again). The same filters as the list apply; paging parameters are ignored. */
                watch?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Nodes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Node"][];
                        nextCursor: string | null;
                        /**
                         * @description The version of this answer: watch from it (`watch=true&resourceVersion=…`) to miss no change.
                         * @example 1796000000000042
                         */
                        resourceVersion: string;
                    };
                    "text/event-stream": string;
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The resourceVersion is too old (or from another server): list again */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many watches open for this caller */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getNodesByRef: {
        parameters: {
            query?: never;
            header?: {
                /** @description Answer 304 without a body when the object is still at this version (its `ETag`). */
                "If-None-Match"?: string;
            };
            path: {
                /** @description Name or id. */
                ref: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The node */
            200: {
                headers: {
                    /** @description The object’s version (a strong entity tag) */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Node"] & {
                        /** @description This version of the object (its `ETag` without the quotes); `If-Match` takes it. */
                        resourceVersion: string;
                    };
                };
            };
            /** @description Not modified: the object is still at the version If-None-Match names */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated (no token, or an invalid, expired or revoked one) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteNodesByRef: {
        parameters: {
            query?: {
                /** @description Delete even a Ready node. */
                force?: "true" | "false";
            };
            header?: {
                /** @description Change only if the object is still at this version: its `ETag` (or its `resourceVersion`, quoted or not), or `*` for any version. A stale version answers 412 and changes nothing. */
                "If-Match"?: string;
            };
            path: {
                /** @description Name or id. */
                ref: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The node is deleted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NodeDeleted"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The object changed since the version If-Match names */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchNodesByRef: {
        parameters: {
            query?: never;
            header?: {
                /** @description Change only if the object is still at this version: its `ETag` (or its `resourceVersion`, quoted or not), or `*` for any version. A stale version answers 412 and changes nothing. */
                "If-Match"?: string;
            };
            path: {
                /** @description Name or id. */
                ref: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateNode"];
            };
        };
        responses: {
            /** @description The node as changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Node"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The object changed since the version If-Match names */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postNodesByRefCordon: {
        parameters: {
            query?: never;
            header?: {
                /** @description A key of yours (1–255 visible ASCII characters): a repeat of the same request with it within 24 h gets the first answer again (`Idempotent-Replayed: true`) instead of acting twice; the same key with another request is 422. */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description Name or id. */
                ref: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The cordoned node */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Node"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key was used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getNodesByRefDrain: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Name or id. */
                ref: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What is still on the node */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DrainProgress"];
                };
            };
            /** @description Invalid request (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated (no token, or an invalid, expired or revoked one) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postNodesByRefDrain: {
        parameters: {
            query?: never;
            header?: {
                /** @description A key of yours (1–255 visible ASCII characters): a repeat of the same request with it within 24 h gets the first answer again (`Idempotent-Replayed: true`) instead of acting twice; the same key with another request is 422. */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description Name or id. */
                ref: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Drain started; what is still on the node */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DrainProgress"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key was used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postNodesByRefUncordon: {
        parameters: {
            query?: never;
            header?: {
                /** @description A key of yours (1–255 visible ASCII characters): a repeat of the same request with it within 24 h gets the first answer again (`Idempotent-Replayed: true`) instead of acting twice; the same key with another request is 422. */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description Name or id. */
                ref: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The uncordoned node */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Node"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key was used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postNodesTokens: {
        parameters: {
            query?: never;
            header?: {
                /** @description A key of yours (1–255 visible ASCII characters): a repeat of the same request with it within 24 h gets the first answer again (`Idempotent-Replayed: true`) instead of acting twice; the same key with another request is 422. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["JoinTokenRequest"];
            };
        };
        responses: {
            /** @description The join link and token */
            201: {
                headers: {
                    /** @description Where the new object lives */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JoinToken"];
                };
            };
            /** @description Invalid request (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key was used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPacks: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Items per page (1–1000, default 500). */
                limit?: number;
                name?: string;
                /** @description Only this namespace (default: every one). */
                namespace?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Packs */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Pack"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid request (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postPacks: {
        parameters: {
            query?: never;
            header?: {
                /** @description A key of yours (1–255 visible ASCII characters): a repeat of the same request with it within 24 h gets the first answer again (`Idempotent-Replayed: true`) instead of acting twice; the same key with another request is 422. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterPack"];
            };
        };
        responses: {
            /** @description The registered pack */
            201: {
                headers: {
                    /** @description Where the new object lives */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Pack"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bundle too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description The Idempotency-Key was used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPacksByNameVersions: {
        parameters: {
            query?: {
                /** @description The pack’s namespace (default: default). */
                namespace?: string;
            };
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Versions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Pack"][];
                    };
                };
            };
            /** @description Invalid request (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated (no token, or an invalid, expired or revoked one) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPods: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Only objects whose labels match this selector (`app=web,tier in (a,b),!canary`). */
                labelSelector?: string;
                /** @description Items per page (1–1000, default 500). */
                limit?: number;
                /** @description Only this namespace (default: all you can see). */
                namespace?: string;
                /** @description Only pods on this node (name or id). */
                node?: string;
                /** @description With `watch=true`: stream the changes after this version — the `resourceVersion` of a list answer, or of the last change seen. Without it (and without `Last-Event-ID`), the stream starts with an `ADDED` for each object the list shows now (events: the newest `limit`), then the changes after them. A version older than the server keeps (or from another server) answers 410: list again. */
                resourceVersion?: string;
                status?: "Pending" | "Scheduled" | "Running" | "Stopping" | "Stopped" | "Succeeded" | "Failed";
                /** @description `true`: instead of a page, a text/event-stream of the changes to what this list shows after `resourceVersion` — `data: {"type":"ADDED"|"MODIFIED"|"DELETED","object":…,"resourceVersion":"…"}` with `id:` the resourceVersion (send `Last-Event-ID` to resume), `: keepalive` comments while idle, and `event: error` with code `gone` when the stream fell too far behind (list again). The same filters as the list apply; paging parameters are ignored. */
                watch?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Pods */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Pod"][];
                        nextCursor: string | null;
                        /**
                         * @description The version of this answer: watch from it (`watch=true&resourceVersion=…`) to miss no change.
                         * @example 1796000000000042
                         */
                        resourceVersion: string;
                    };
                    "text/event-stream": string;
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The resourceVersion is too old (or from another server): list again */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many watches open for this caller */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postPods: {
        parameters: {
            query?: never;
            header?: {
                /** @description A key of yours (1–255 visible ASCII characters): a repeat of the same request with it within 24 h gets the first answer again (`Idempotent-Replayed: true`) instead of acting twice; the same key with another request is 422. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreatePod"];
            };
        };
        responses: {
            /** @description The new pod */
            201: {
                headers: {
                    /** @description Where the new object lives */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Pod"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key was used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPodsByRef: {
        parameters: {
            query?: {
                /** @description Namespace (default: "default"). */
                namespace?: string;
            };
            header?: {
                /** @description Answer 304 without a body when the object is still at this version (its `ETag`). */
                "If-None-Match"?: string;
            };
            path: {
                /** @description Name or id. */
                ref: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The pod */
            200: {
                headers: {
                    /** @description The object’s version (a strong entity tag) */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Pod"] & {
                        /** @description This version of the object (its `ETag` without the quotes); `If-Match` takes it. */
                        resourceVersion: string;
                    };
                };
            };
            /** @description Not modified: the object is still at the version If-None-Match names */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated (no token, or an invalid, expired or revoked one) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deletePodsByRef: {
        parameters: {
            query?: {
                /** @description Namespace (default: "default"). */
                namespace?: string;
            };
            header?: {
                /** @description Change only if the object is still at this version: its `ETag` (or its `resourceVersion`, quoted or not), or `*` for any version. A stale version answers 412 and changes nothing. */
                "If-Match"?: string;
            };
            path: {
                /** @description Name or id. */
                ref: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted, or stopping */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deleted: boolean;
                        pod: components["schemas"]["Pod"] & (Record<string, never> | null);
                    };
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The object changed since the version If-Match names */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPodsByRefHistory: {
        parameters: {
            query?: {
                /** @description Namespace (default: "default"). */
                namespace?: string;
            };
            header?: never;
            path: {
                /** @description Name or id. */
                ref: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Transitions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["PodTransition"][];
                    };
                };
            };
            /** @description Invalid request (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated (no token, or an invalid, expired or revoked one) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPodsByRefLogs: {
        parameters: {
            query?: {
                /** @description `true`: a text/event-stream — the stored lines, then new ones across restarts of the pod (`log`), a `status` event when its run or status changes, `end` when it has finished for good. */
                follow?: "true" | "false";
                incarnation?: number | null;
                /** @description Namespace (default: "default"). */
                namespace?: string;
                /** @description `true`: the run before the current one (incarnation − 1); 404 when there is none. */
                previous?: "true" | "false";
                /** @description Only lines at or after this time (ISO 8601). */
                since?: string;
                tail?: number;
            };
            header?: never;
            path: {
                /** @description Name or id. */
                ref: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Log lines, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["LogLine"][];
                    };
                    "text/event-stream": string;
                };
            };
            /** @description Invalid request (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated (no token, or an invalid, expired or revoked one) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postPodsByRefRollback: {
        parameters: {
            query?: {
                /** @description Namespace (default: "default"). */
                namespace?: string;
            };
            header?: {
                /** @description A key of yours (1–255 visible ASCII characters): a repeat of the same request with it within 24 h gets the first answer again (`Idempotent-Replayed: true`) instead of acting twice; the same key with another request is 422. */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description Name or id. */
                ref: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RollbackPod"];
            };
        };
        responses: {
            /** @description The pod, on its new incarnation */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Pod"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key was used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPriorityclasses: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Items per page (1–1000, default 500). */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Priority classes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["PriorityClass"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid request (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postPriorityclasses: {
        parameters: {
            query?: never;
            header?: {
                /** @description A key of yours (1–255 visible ASCII characters): a repeat of the same request with it within 24 h gets the first answer again (`Idempotent-Replayed: true`) instead of acting twice; the same key with another request is 422. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreatePriorityClass"];
            };
        };
        responses: {
            /** @description The new priority class */
            201: {
                headers: {
                    /** @description Where the new object lives */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PriorityClass"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key was used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPriorityclassesByName: {
        parameters: {
            query?: never;
            header?: {
                /** @description Answer 304 without a body when the object is still at this version (its `ETag`). */
                "If-None-Match"?: string;
            };
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The priority class */
            200: {
                headers: {
                    /** @description The object’s version (a strong entity tag) */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PriorityClass"] & {
                        /** @description This version of the object (its `ETag` without the quotes); `If-Match` takes it. */
                        resourceVersion: string;
                    };
                };
            };
            /** @description Not modified: the object is still at the version If-None-Match names */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated (no token, or an invalid, expired or revoked one) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deletePriorityclassesByName: {
        parameters: {
            query?: never;
            header?: {
                /** @description Change only if the object is still at this version: its `ETag` (or its `resourceVersion`, quoted or not), or `*` for any version. A stale version answers 412 and changes nothing. */
                "If-Match"?: string;
            };
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The deleted priority class */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PriorityClass"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The object changed since the version If-Match names */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getScheduler: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The profile in effect */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SchedulerProfile"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putScheduler: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetSchedulerProfile"];
            };
        };
        responses: {
            /** @description The profile now in effect */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SchedulerProfile"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSecrets: {
        parameters: {
            query?: {
                /** @description Only this namespace (default: every one). */
                namespace?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Secrets */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Secret"][];
                    };
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postSecrets: {
        parameters: {
            query?: never;
            header?: {
                /** @description A key of yours (1–255 visible ASCII characters): a repeat of the same request with it within 24 h gets the first answer again (`Idempotent-Replayed: true`) instead of acting twice; the same key with another request is 422. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateSecret"];
            };
        };
        responses: {
            /** @description The secret, without its values */
            201: {
                headers: {
                    /** @description Where the new object lives */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Secret"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key was used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSecretsByName: {
        parameters: {
            query?: {
                /** @description Namespace (default: "default"). */
                namespace?: string;
            };
            header?: {
                /** @description Answer 304 without a body when the object is still at this version (its `ETag`). */
                "If-None-Match"?: string;
            };
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The secret */
            200: {
                headers: {
                    /** @description The object’s version (a strong entity tag) */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Secret"] & {
                        /** @description This version of the object (its `ETag` without the quotes); `If-Match` takes it. */
                        resourceVersion: string;
                    };
                };
            };
            /** @description Not modified: the object is still at the version If-None-Match names */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putSecretsByName: {
        parameters: {
            query?: {
                /** @description Namespace (default: "default"). */
                namespace?: string;
            };
            header?: {
                /** @description Change only if the object is still at this version: its `ETag` (or its `resourceVersion`, quoted or not), or `*` for any version. A stale version answers 412 and changes nothing. */
                "If-Match"?: string;
            };
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReplaceSecret"];
            };
        };
        responses: {
            /** @description The secret, without its values */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReplacedSecret"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The object changed since the version If-Match names */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteSecretsByName: {
        parameters: {
            query?: {
                /** @description Namespace (default: "default"). */
                namespace?: string;
            };
            header?: {
                /** @description Change only if the object is still at this version: its `ETag` (or its `resourceVersion`, quoted or not), or `*` for any version. A stale version answers 412 and changes nothing. */
                "If-Match"?: string;
            };
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The deleted secret */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Secret"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The object changed since the version If-Match names */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getServices: {
        parameters: {
            query?: {
                /** @description The `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Only objects whose labels match this selector (`app=web,tier in (a,b),!canary`). */
                labelSelector?: string;
                /** @description Items per page (1–1000, default 500). */
                limit?: number;
                /** @description Only this namespace (default: all you can see). */
                namespace?: string;
                /** @description With `watch=true`: stream the changes after this version — the `resourceVersion` of a list answer, or of the last change seen. Without it (and without `Last-Event-ID`), the stream starts with an `ADDED` for each object the list shows now (events: the newest `limit`), then the changes after them. A version older than the server keeps (or from another server) answers 410: list again. */
                resourceVersion?: string;
                /** @description `true`: instead of a page, a text/event-stream of the changes to what this list shows after `resourceVersion` — `data: {"type":"ADDED"|"MODIFIED"|"DELETED","object":…,"resourceVersion":"…"}` with `id:` the resourceVersion (send `Last-Event-ID` to resume), `: keepalive` comments while idle, and `event: error` with code `gone` when the stream fell too far behind (list again). The same filters as the list apply; paging parameters are ignored. */
                watch?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Services */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Service"][];
                        nextCursor: string | null;
                        /**
                         * @description The version of this answer: watch from it (`watch=true&resourceVersion=…`) to miss no change.
                         * @example 1796000000000042
                         */
                        resourceVersion: string;
                    };
                    "text/event-stream": string;
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The resourceVersion is too old (or from another server): list again */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many watches open for this caller */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postServices: {
        parameters: {
            query?: never;
            header?: {
                /** @description A key of yours (1–255 visible ASCII characters): a repeat of the same request with it within 24 h gets the first answer again (`Idempotent-Replayed: true`) instead of acting twice; the same key with another request is 422. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateService"];
            };
        };
        responses: {
            /** @description The new service */
            201: {
                headers: {
                    /** @description Where the new object lives */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Service"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key was used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getServicesByRef: {
        parameters: {
            query?: {
                /** @description Namespace (default: "default"). */
                namespace?: string;
            };
            header?: {
                /** @description Answer 304 without a body when the object is still at this version (its `ETag`). */
                "If-None-Match"?: string;
            };
            path: {
                /** @description Name or id. */
                ref: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The service */
            200: {
                headers: {
                    /** @description The object’s version (a strong entity tag) */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceDetail"] & {
                        /** @description This version of the object (its `ETag` without the quotes); `If-Match` takes it. */
                        resourceVersion: string;
                    };
                };
            };
            /** @description Not modified: the object is still at the version If-None-Match names */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated (no token, or an invalid, expired or revoked one) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteServicesByRef: {
        parameters: {
            query?: {
                /** @description Namespace (default: "default"). */
                namespace?: string;
            };
            header?: {
                /** @description Change only if the object is still at this version: its `ETag` (or its `resourceVersion`, quoted or not), or `*` for any version. A stale version answers 412 and changes nothing. */
                "If-Match"?: string;
            };
            path: {
                /** @description Name or id. */
                ref: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The service, deleting, and how many of its pods are still stopping */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeletingService"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The object changed since the version If-Match names */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchServicesByRef: {
        parameters: {
            query?: {
                /** @description Namespace (default: "default"). */
                namespace?: string;
            };
            header?: {
                /** @description Change only if the object is still at this version: its `ETag` (or its `resourceVersion`, quoted or not), or `*` for any version. A stale version answers 412 and changes nothing. */
                "If-Match"?: string;
            };
            path: {
                /** @description Name or id. */
                ref: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateService"];
            };
        };
        responses: {
            /** @description The service */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Service"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The object changed since the version If-Match names */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getServicesByRefHistory: {
        parameters: {
            query?: {
                /** @description Namespace (default: "default"). */
                namespace?: string;
            };
            header?: never;
            path: {
                /** @description Name or id. */
                ref: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The revisions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceHistory"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postServicesByRefPause: {
        parameters: {
            query?: {
                /** @description Namespace (default: "default"). */
                namespace?: string;
            };
            header?: {
                /** @description A key of yours (1–255 visible ASCII characters): a repeat of the same request with it within 24 h gets the first answer again (`Idempotent-Replayed: true`) instead of acting twice; the same key with another request is 422. */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description Name or id. */
                ref: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The service */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Service"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key was used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postServicesByRefResume: {
        parameters: {
            query?: {
                /** @description Namespace (default: "default"). */
                namespace?: string;
            };
            header?: {
                /** @description A key of yours (1–255 visible ASCII characters): a repeat of the same request with it within 24 h gets the first answer again (`Idempotent-Replayed: true`) instead of acting twice; the same key with another request is 422. */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description Name or id. */
                ref: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The service */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Service"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key was used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postServicesByRefRollback: {
        parameters: {
            query?: {
                /** @description Namespace (default: "default"). */
                namespace?: string;
                /** @description The revision to go back to (stark service rollout history). */
                toRevision?: number;
            };
            header?: {
                /** @description A key of yours (1–255 visible ASCII characters): a repeat of the same request with it within 24 h gets the first answer again (`Idempotent-Replayed: true`) instead of acting twice; the same key with another request is 422. */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description Name or id. */
                ref: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The service, rolling back */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Service"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key was used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postServicesByRefScale: {
        parameters: {
            query?: {
                /** @description Namespace (default: "default"). */
                namespace?: string;
            };
            header?: {
                /** @description A key of yours (1–255 visible ASCII characters): a repeat of the same request with it within 24 h gets the first answer again (`Idempotent-Replayed: true`) instead of acting twice; the same key with another request is 422. */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description Name or id. */
                ref: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ScaleService"];
            };
        };
        responses: {
            /** @description The service */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Service"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The Idempotency-Key was used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getStatus: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Cluster status */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClusterStatus"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getUsage: {
        parameters: {
            query?: {
                /** @description Only pods of this namespace (nodes are all listed). */
                namespace?: string;
                /** @description Samples per pod or node at most (averaged); default 30. */
                points?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Usage samples */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Usage"];
                };
            };
            /** @description Invalid request (the message names the field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getUsers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Users */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["User"][];
                    };
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getUsersByRef: {
        parameters: {
            query?: never;
            header?: {
                /** @description Answer 304 without a body when the object is still at this version (its `ETag`). */
                "If-None-Match"?: string;
            };
            path: {
                /** @description User id or email. */
                ref: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user */
            200: {
                headers: {
                    /** @description The object’s version (a strong entity tag) */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"] & {
                        /** @description This version of the object (its `ETag` without the quotes); `If-Match` takes it. */
                        resourceVersion: string;
                    };
                };
            };
            /** @description Not modified: the object is still at the version If-None-Match names */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchUsersByRef: {
        parameters: {
            query?: never;
            header?: {
                /** @description Change only if the object is still at this version: its `ETag` (or its `resourceVersion`, quoted or not), or `*` for any version. A stale version answers 412 and changes nothing. */
                "If-Match"?: string;
            };
            path: {
                /** @description User id or email. */
                ref: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateUser"];
            };
        };
        responses: {
            /** @description The user as changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The object changed since the version If-Match names */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Healthy */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Database unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    getLivez: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Alive */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Live"];
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Prometheus text exposition format 0.0.4 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description Not authenticated */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getReadyz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Ready"];
                };
            };
            /** @description Not ready: the database does not answer */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Ready"];
                };
            };
        };
    };
}
