/** The text of `cdevents-bridge --help` (and of a call without arguments). */
export const USAGE = `Usage:
  cdevents-bridge map flux FILE       map a Flux event to the CDEvents the bridge would emit
  cdevents-bridge map argocd FILE     map an Argo CD notification the same way
  cdevents-bridge validate FILE       check a Flux mapping file (BRIDGE_MAPPING_FILE)
  cdevents-bridge --help              show this text

FILE is a request body as the bridge receives it; '-' reads standard input.
map prints each CDEvent as one JSON line on standard output, or 'nothing emitted: <reason>'
on standard error. Nothing is sent anywhere; Argo CD applications are treated as first seen.

Options (each wins over its environment variable):
  --spec 0.5.1|0.4.1          CDEvents spec version        (CDEVENTS_SPEC_VERSION)
  --profile semantic|rfc      Flux mapping profile         (FLUX_MAPPING_PROFILE)
  --mapping FILE              Flux mapping file            (BRIDGE_MAPPING_FILE)
Also read: BRIDGE_CLUSTER, BRIDGE_DEFAULT_ENVIRONMENT, BRIDGE_MAX_BODY_BYTES,
ARGOCD_INSTANCE, ARGOCD_MAX_EVENT_AGE_SECONDS (0, the default, maps notifications of any age;
ARGOCD_REPLAY_WINDOW_SECONDS is its deprecated name).

Exit status: 0 done (also when nothing is emitted), 2 bad input, arguments or settings.
`;
