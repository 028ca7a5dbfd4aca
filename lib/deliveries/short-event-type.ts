/** `dev.cdevents.service.deployed.0.2.0` → `service.deployed`: the type a person reads and filters by. */
export function shortEventType(type: string): string {
  return type.replace(/^dev\.cdevents\./, '').replace(/\.\d+\.\d+\.\d+(-[\w.]+)?$/, '');
}
