package dev.council.testkit;

/** The correct {@link ScriptedProvider} passes the whole kit. */
class ScriptedProviderKitTest extends ScriptedProviderKit {
  @Override
  ScriptedProvider.Defect defect() {
    return ScriptedProvider.Defect.NONE;
  }
}
