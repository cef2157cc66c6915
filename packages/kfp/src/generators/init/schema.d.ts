export interface InitGeneratorSchema {
  requirementsFile?: string;
  requirementsFileV2?: string;
  sharedPythonPaths?: string[];
  skipFormat?: boolean;
}
