; Inno Setup script of the Répit agent for Windows: a per-user install, no
; administrator rights, started at log-on from the user's Startup folder.
;
;   iscc installer/windows/repit-agent.iss
;
; Run from the repository's root, after `pyinstaller installer/windows/repit-agent.spec`
; (which writes dist\repit-agent\). Output: dist\repit-agent-setup-<version>.exe.
;
; Mass deployment, run as each user (a log-on script or a software-deployment
; tool in the user's context):
;
;   repit-agent-setup-<version>.exe /VERYSILENT /SUPPRESSMSGBOXES /AGGREGATOR=https://repit.example.org /CODE=AbC123xYz /HELPERCODE=Pq45Rs67
;
; /AGGREGATOR= is the leader server, /CODE= its one-time code and /HELPERCODE=
; the helper server's (SPLIT.md: a code from each server; /CODE=LEADER.HELPER
; gives both at once). With them, the installer runs
; `repit-agent.exe enroll <url> <code> <helper code>` once installed: the
; computer joins its team on both servers. Nothing is shared until the person
; chooses so (`consent share`); no switch of this installer can choose for them.
;
; Untested by CI (Linux): see installer/windows/README.md.

#define AppName "Répit"
; The version is pyproject.toml's alone. Its [project] table reads as an INI
; section, `version = "X.Y.Z"` as a key; GetPrivateProfileString drops the
; quotes, StringChange any that stay.
#define AppVersion StringChange(ReadIni(AddBackslash(SourcePath) + "..\..\pyproject.toml", "project", "version", ""), '"', '')
#if AppVersion == ""
  #error The version could not be read from pyproject.toml
#endif
#define AppExe "repit-agent.exe"

[Setup]
AppId={{47F3DCA6-9998-4EF5-A4AF-5D87B78F1FA6}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Répit contributors
AppComments=Rappels de pause et de déconnexion ; statistiques d'équipe sans surveillance.
; Per user, no administrator rights: everything goes to the user's own folders.
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\Repit
DisableDirPage=yes
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
OutputDir=dist
OutputBaseFilename=repit-agent-setup-{#AppVersion}
SourceDir=..\..
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#AppExe}
; The running agent holds its files: ask it to close before an upgrade or removal.
CloseApplications=yes
RestartApplications=no
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Files]
; The one-folder build of installer/windows/repit-agent.spec.
Source: "dist\repit-agent\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; Started at each log-on, for this user only.
Name: "{userstartup}\{#AppName}"; Filename: "{app}\{#AppExe}"; Parameters: "run"; WorkingDir: "{app}"; Flags: runminimized
Name: "{userprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Parameters: "run"; WorkingDir: "{app}"; Flags: runminimized
Name: "{userprograms}\{#AppName} - désinstaller"; Filename: "{uninstallexe}"

[Run]
; Interactive installs offer to start the agent now; silent ones start it at the next log-on.
Filename: "{app}\{#AppExe}"; Parameters: "run"; WorkingDir: "{app}"; Description: "Démarrer Répit / Start Répit"; Flags: nowait postinstall skipifsilent runminimized

[UninstallRun]
; Stop this user's running agent so that its files can be removed. The
; person's own data (%LOCALAPPDATA%\repit) is left to them: `repit-agent forget`
; deletes it, before uninstalling.
Filename: "{sys}\taskkill.exe"; Parameters: "/IM {#AppExe} /T /F"; Flags: runhidden; RunOnceId: "StopAgent"

[Code]
{ The /AGGREGATOR=, /CODE= and /HELPERCODE= switches, read with {param:...}
  (the same as parsing GetCmdTail for "/NAME=value"). Empty when not given. }
function Switch(Name: String): String;
begin
  Result := Trim(ExpandConstant('{param:' + Name + '|}'));
end;

function InitializeSetup(): Boolean;
var
  Url: String;
begin
  Result := True;
  Url := Switch('AGGREGATOR');
  if (Url <> '') <> (Switch('CODE') <> '') then
    Log('Only one of /AGGREGATOR= and /CODE= was given: the computer will not be enrolled.');
  if (Url <> '') and (Pos('https://', Lowercase(Url)) <> 1) then
    Log('/AGGREGATOR= is not an https:// address; repit-agent enroll will refuse it.');
  if (Switch('CODE') <> '') and (Switch('HELPERCODE') = '') and (Pos('.', Switch('CODE')) = 0) then
    Log('/CODE= without /HELPERCODE=: enrolling needs a code from each server.');
end;

{ The enroll command's arguments: the URL, the leader's code and, when given
  apart, the helper's. }
function EnrollArguments(Url, Code, HelperCode: String): String;
begin
  Result := 'enroll ' + AddQuotes(Url) + ' ' + AddQuotes(Code);
  if HelperCode <> '' then
    Result := Result + ' ' + AddQuotes(HelperCode);
end;

procedure Enroll();
var
  Url, Code, HelperCode: String;
  ExitCode: Integer;
begin
  Url := Switch('AGGREGATOR');
  Code := Switch('CODE');
  HelperCode := Switch('HELPERCODE');
  if (Url = '') or (Code = '') then
    exit;
  { repit-agent enroll URL CODE HELPER_CODE: joins the team at both servers;
    prints its reason and exits 2 on failure. Run again, it resumes at the
    helper without spending the leader's code anew. }
  if Exec(ExpandConstant('{app}\{#AppExe}'), EnrollArguments(Url, Code, HelperCode),
          ExpandConstant('{app}'), SW_HIDE, ewWaitUntilTerminated, ExitCode) then
  begin
    if ExitCode = 0 then
      Log('Enrolled with ' + Url + '.')
    else
    begin
      Log('repit-agent enroll failed with exit code ' + IntToStr(ExitCode) + '.');
      if not WizardSilent() then
        MsgBox('Répit est installé, mais l''inscription dans l''équipe a échoué. '
          + 'Lancez « repit-agent enroll ' + Url + ' CODE_PRINCIPAL CODE_SECOND » '
          + 'pour voir quel serveur refuse, ou demandez de nouveaux codes.'
          + #13#10#13#10 + 'Répit is installed, but joining the team failed. '
          + 'Run "repit-agent enroll ' + Url + ' LEADER_CODE HELPER_CODE" '
          + 'to see which server refuses, or ask for new codes.',
          mbError, MB_OK);
    end;
  end
  else
    Log('Could not start repit-agent enroll: ' + SysErrorMessage(ExitCode));
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if CurStep = ssPostInstall then
    Enroll();
end;
