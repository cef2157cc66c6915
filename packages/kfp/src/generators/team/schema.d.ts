export interface TeamGeneratorSchema {
  name: string;
  directory?: string;
  namespace?: string;
  pipeline?: string;
  variant?: string;
  host?: string;
  skipFormat?: boolean;
}
