export interface InitGeneratorSchema {
  requirementsFile?: string;
  sharedPythonPaths?: string[];
  skipFormat?: boolean;
}
