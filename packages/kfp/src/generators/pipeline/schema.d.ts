export interface PipelineGeneratorSchema {
  name: string;
  directory?: string;
  sdk?: 'v1' | 'v2';
  variants?: string[] | string;
  skipRender?: boolean;
  skipFormat?: boolean;
}
