// Imported first by suites that load a consumer module (which builds an S3Client on import).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
