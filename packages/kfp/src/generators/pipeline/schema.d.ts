export interface PipelineGeneratorSchema {
  name: string;
  directory?: string;
  variants?: string[] | string;
  skipRender?: boolean;
  skipFormat?: boolean;
}
